using System.Net;
using System.Net.WebSockets;
using System.Text;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12 D1 and D8: JSON that is valid syntax but cannot be read as text (a lone surrogate escape, a text cut
/// mid-emoji) or is ambiguous (duplicate keys) is "not recognised": forwarded byte for byte, the socket stays open,
/// an HTTP typing call gets the upstream's answer. Before: the socket dropped (EOF, no close frame) and the HTTP
/// call got 500. Invalid UTF-8 inside a text frame is shown at the filter (<c>WebSocketStreamFilterTests</c>): the
/// simulator's own WebSocket server rejects such a frame (1007), as a platform may.
/// </summary>
[Trait("Area", "Robustness")]
[Collection(RedisCollection.Name)]
public sealed class UninterpretableInputTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(1, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task JsonTypingRoute_LoneSurrogateInvalidUtf8DuplicateKeys_ForwardedByteForByteSocketStaysOpen()
    {
        var session = "rb-" + Guid.NewGuid().ToString("N")[..10];
        byte[][] frames =
        [
            Encoding.UTF8.GetBytes($$"""{"type":"typing","guestId":"g\ud83d","session":"{{session}}"}"""), // \ud83d as JSON escape text
            Encoding.UTF8.GetBytes($$"""{"type":"typing","type":"stopped_typing","guestId":"{{session}}"}"""),
            Encoding.UTF8.GetBytes($$"""{"type":"message","guestId":"{{session}}","text":"cut mid-emoji \ud83d"}"""),
            Encoding.UTF8.GetBytes($$"""{"type":"message","guestId":"{{session}}","text":"still here"}"""),
        ];

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(_deployment.Gateways[0].WebSocketAddress, $"/chat/echo?session={session}"), CancellationToken.None);
        foreach (var frame in frames)
        {
            await socket.SendMessageAsync(new WebSocketMessage(WebSocketMessageType.Text, frame));
        }

        var echoes = new List<byte[]>();
        try
        {
            for (var i = 0; i < frames.Length; i++)
            {
                echoes.Add((await socket.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!.Payload);
            }
        }
        catch (WebSocketException ex)
        {
            var logs = string.Join(" | ", _deployment.Gateways[0].Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning));
            Assert.Fail($"the guest's socket dropped after {echoes.Count} echoes ({ex.Message}); gateway warnings: {logs}");
        }

        var records = (await _deployment.Simulator.Client.GetRecordsAsync(session: session)).Where(r => r.Kind == "ws.text").ToList();
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(frames.Length, records.Count);
        for (var i = 0; i < frames.Length; i++)
        {
            Assert.Equal(frames[i], echoes[i]);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(frames[i])), records[i].Sha256);
        }
    }

    [Fact]
    public async Task GenesysRoute_MessageTextEndingInALoneSurrogate_ReachesThePlatformUnchanged()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(_deployment.Gateways[0], "/genesys", token, deployment);
        var cut = GenesysFrames.Text(token, "cut mid-emoji \\ud83d", 1); // the JSON escape, as a truncating widget sends it
        var next = GenesysFrames.Text(token, "next", 2);

        await tab.SendAsync(cut);
        await tab.SendAsync(next);

        var texts = await _deployment.Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");
        Assert.Equal([cut, next], texts.Select(r => r.Text));
        Assert.Equal(WebSocketState.Open, tab.State);
    }

    [Theory]
    [InlineData("""{"typing":"\ud800"}""")]
    [InlineData("""{"typing":true,"typing":true}""")]
    public async Task HttpTypingRoute_UninterpretableBody_GetsTheUpstreamsAnswerNot500(string body)
    {
        var guest = "rb-" + Guid.NewGuid().ToString("N")[..10];
        using var client = _deployment.Gateways[0].CreateClient();

        using var response = await client.PostAsync($"/api/v1/webchat/guests/{guest}/typing?session={guest}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the echo upstream's answer: forwarded, not collapsed, no 500
        var record = Assert.Single(await _deployment.Simulator.Client.GetRecordsAsync(session: guest));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))), record.Sha256);
    }
}
