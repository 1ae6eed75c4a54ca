using System.Net.WebSockets;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.IntegrationTests.RateLimiting;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12 D6 end to end: a Genesys guest that keeps sending messages over MaxMessageBytes is closed with
/// 1009 both ways once the gateway has discarded its per-connection budget (16 × MaxMessageBytes within a
/// minute, docs/decisions/0008), instead of having gigabytes discarded; each message before that gets 4011.
/// </summary>
[Trait("Area", "Robustness")]
[Collection(RedisCollection.Name)]
public sealed class OversizeDiscardBoundTests(RedisServerFixture redis) : IAsyncLifetime
{
    /// <summary>The test's own bound on a guest the gateway never cuts off: 40 messages of 70 KB, 2.8 MB.</summary>
    private const int MaxMessagesSent = 40;

    private const long DiscardBudget = 16L * RateLimitDeployment.MaxMessageBytes;

    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    public async Task InitializeAsync() => _deployment = await RateLimitDeployment.StartAsync(redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task GenesysGuest_OversizedMessagesInALoop_ClosedWith1009BothWaysAfterTheBudget()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(_deployment.Gateways[0], RateLimitDeployment.RejectRoute, token, deployment);
        var connection = (await Simulator.Client.GetRecordsAsync(session: token))[0].ConnectionId;

        // 70 KB in one frame each: over the 64 KiB limit, within the per-message bound, so each alone would get 4011.
        var huge = GenesysFrames.Text(token, new string('x', 70_000), 1);
        var wireBytes = huge.Length + 14; // ClientWebSocket: masked, 64-bit length
        // Sends complete into socket buffers long before the gateway reads them: the count sent says nothing.
        var sent = 0;
        while (sent < MaxMessagesSent && tab.State == WebSocketState.Open)
        {
            try
            {
                await tab.SendAsync(huge).WaitAsync(TimeSpan.FromSeconds(5));
                sent++;
            }
            catch (WebSocketException) when (tab.State != WebSocketState.Open)
            {
                break; // the gateway's close arrived during the send: what the test waits for
            }
        }

        await Wait.UntilAsync(() => Task.FromResult(tab.CloseStatus is not null), TimeSpan.FromSeconds(5), "the gateway closes the socket");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, tab.CloseStatus);
        var closes = await Simulator.Client.WaitForRecordsAsync(r => r.Any(c => c.ConnectionId == connection), TimeSpan.FromSeconds(5), kind: "genesys.close");
        Assert.Equal(1009, closes.Single(c => c.ConnectionId == connection).CloseStatus);
        Assert.Empty(await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.text"));
        Assert.InRange(tab.Received.Count(f => f.Contains("4011", StringComparison.Ordinal)), 1, (int)(DiscardBudget / wireBytes));
    }
}
