using System.Net.WebSockets;
using StackExchange.Redis;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12 R5: on a route keyed from the frame, one connection naming a new guest in every frame created 20,000
/// Redis keys in 8.5 s. Now a connection collapses at most 8 guests; typing of further guests passes through
/// uncollapsed and creates no shared state.
/// </summary>
[Trait("Area", "Robustness")]
[Collection(RedisCollection.Name)]
public sealed class CollapseKeyBoundTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(
        1, redis.Configuration, settings: new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "kb" + Guid.NewGuid().ToString("N")[..8] });

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task OneConnectionNamingAGuestPerFrame_AtMostEightGuestsOfStateAndEveryFrameForwarded()
    {
        var session = "kb-" + Guid.NewGuid().ToString("N")[..10];
        var prefix = _deployment.Gateways[0].Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TypingGateway.Redis.RedisOptions>>().Value.KeyPrefix;
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(_deployment.Gateways[0].WebSocketAddress, $"/chat/echo?session={session}"), CancellationToken.None);

        const int Guests = 200;
        for (var i = 0; i < Guests; i++)
        {
            await socket.SendTextAsync($$"""{"type":"typing","guestId":"forged-{{i}}"}""");
        }

        var records = await _deployment.Simulator.Client.WaitForRecordsAsync(r => r.Count >= Guests, TimeSpan.FromSeconds(20), session: session, kind: "ws.text");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServers().Single();
        var keys = server.Keys(pattern: $"{prefix}:typing:*", pageSize: 1000).Select(k => k.ToString()).Where(k => !k.EndsWith(":invalidate", StringComparison.Ordinal)).ToList();

        Assert.Equal(Guests, records.Count); // every start forwarded: 8 first of their burst, 192 uncollapsed
        // Each collapsed guest has its state hash and its typing-tab set.
        var guests = keys.Where(k => k.Contains("forged-", StringComparison.Ordinal)).Select(k => k.Replace(":tabs", "", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(8, guests.Count);
    }
}
