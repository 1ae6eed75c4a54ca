using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// design.md §7 on a typing route (the shipped `tutorial-chat` route, profile `tutorial-ws`): every
/// non-typing message keeps its bytes, type and order both ways, whatever its size or fragmentation,
/// while the typing frames around them are collapsed.
/// </summary>
[Trait("Area", "Typing")]
public sealed class TypingRoutePassThroughTests : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task MixedStreamWithTypingInBetween_OtherMessagesIdenticalBothWays_TypingCollapsed()
    {
        var session = "tp-" + Guid.NewGuid().ToString("N")[..10];
        var typing = WebSocketMessage.Text($$"""{"type":"typing","guestId":"{{session}}","timestamp":1}""");
        var random = new Random(7);
        var messages = new List<(WebSocketMessage Message, int Fragments)>
        {
            (WebSocketMessage.Text($$"""{"type":"message","guestId":"{{session}}","text":"héllo ✓"}"""), 1),
            (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, 1024 * 1024)), 8),
            (WebSocketMessage.Text(new string('x', 1024 * 1024)), 1),
            (WebSocketMessage.Text("""{"type":"typing" """), 1), // malformed JSON: not recognised, forwarded
            (WebSocketMessage.Text($$"""{"type":"typing","guestId":"{{session}}","note":"fragmented"}"""), 3), // fragmented: never inspected
            (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, 300)), 1),
        };

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(_deployment.Gateways[0].WebSocketAddress, $"/chat/echo?session={session}"), CancellationToken.None);
        var echoes = new List<WebSocketMessage>();
        var reader = Task.Run(async () =>
        {
            while (await socket.ReceiveMessageAsync(TimeSpan.FromSeconds(20)) is { } echo)
            {
                lock (echoes)
                {
                    echoes.Add(echo);
                }
            }
        });

        // Each message is preceded by three keystrokes; the first keystroke of the burst is forwarded.
        foreach (var (message, fragments) in messages.Take(1))
        {
            for (var k = 0; k < 3; k++)
            {
                await socket.SendMessageAsync(typing);
            }

            await socket.SendMessageAsync(message, fragments);
        }

        foreach (var (message, fragments) in messages.Skip(1))
        {
            await socket.SendMessageAsync(typing);
            await socket.SendMessageAsync(message, fragments);
        }

        // The last burst (after the "message" reset, the keystroke before the binary) is never ended by
        // the guest: one stop is synthesized after StopAfterIdle (1 s).
        var records = await _deployment.Simulator.Client.WaitForRecordsAsync(
            r => r.Any(x => x.Text?.Contains("stopped_typing", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(10), session: session);
        await Task.Delay(500);
        records = [.. (await _deployment.Simulator.Client.GetRecordsAsync(session: session)).Where(r => r.Kind is "ws.text" or "ws.binary")];

        var expectedUpstream = new List<byte[]> { typing.Payload, messages[0].Message.Payload, typing.Payload };
        expectedUpstream.AddRange(messages.Skip(1).Select(m => m.Message.Payload));
        Assert.Equal(expectedUpstream.Count + 1, records.Count);
        for (var i = 0; i < expectedUpstream.Count; i++)
        {
            Assert.Equal(Hex(expectedUpstream[i]), records[i].Sha256);
            Assert.Equal(expectedUpstream[i].Length, records[i].Length);
        }

        Assert.Equal($$"""{"type":"stopped_typing","guestId":"{{session}}","timestamp":1}""", records[^1].Text);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await reader;
        var echoedMessages = echoes.Where(e => !e.AsText().StartsWith("{\"type\":\"typing\",\"guestId\"", StringComparison.Ordinal) || e.AsText().Contains("fragmented", StringComparison.Ordinal))
            .Where(e => !e.AsText().Contains("stopped_typing", StringComparison.Ordinal)).ToList();
        Assert.Equal(messages.Select(m => Hex(m.Message.Payload)), echoedMessages.Select(e => Hex(e.Payload)));
        Assert.Equal(messages.Select(m => m.Message.Type), echoedMessages.Select(e => e.Type));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static byte[] Bytes(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }
}
