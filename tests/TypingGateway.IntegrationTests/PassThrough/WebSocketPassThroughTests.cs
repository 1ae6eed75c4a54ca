using System.Net.WebSockets;
using System.Security.Cryptography;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.PassThrough;

[Trait("Area", "PassThrough")]
public sealed class WebSocketPassThroughTests(GatewayWithSimulatorFixture fixture) : IClassFixture<GatewayWithSimulatorFixture>
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public async Task Messages_TextBinaryFragmentedAndLarge_ArriveIdenticalAndInOrderBothWays()
    {
        var session = "ws-" + Guid.NewGuid().ToString("N");
        var script = Script();
        using var socket = await ConnectAsync($"/ws/echo?session={session}");

        var echoes = new List<WebSocketMessage>();
        foreach (var (message, fragments) in script)
        {
            await socket.SendMessageAsync(message, fragments);
            echoes.Add(await socket.ReceiveMessageAsync() ?? throw new InvalidOperationException("closed"));
        }

        // Upstream -> guest: the echo of every message came back through the gateway unchanged.
        Assert.Equal(script.Count, echoes.Count);
        for (var i = 0; i < script.Count; i++)
        {
            Assert.Equal(script[i].Message.Type, echoes[i].Type);
            Assert.Equal(script[i].Message.Payload, echoes[i].Payload);
        }

        // Guest -> upstream: the simulator received exactly these bytes, in this order.
        var records = (await fixture.Simulator.Client.GetRecordsAsync(session: session))
            .Where(r => r.Kind is "ws.text" or "ws.binary").ToList();
        Assert.Equal(script.Count, records.Count);
        for (var i = 0; i < script.Count; i++)
        {
            var sent = script[i].Message;
            Assert.Equal(sent.Type == WebSocketMessageType.Text ? "ws.text" : "ws.binary", records[i].Kind);
            Assert.Equal(sent.Payload.Length, records[i].Length);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(sent.Payload)).ToLowerInvariant(), records[i].Sha256);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task ConcurrentPipelinedMessages_KeepTheirOrder()
    {
        var session = "ws-order-" + Guid.NewGuid().ToString("N");
        using var socket = await ConnectAsync($"/ws/echo?session={session}");
        const int count = 200;

        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await socket.SendTextAsync($"{{\"n\":{i}}}");
            }
        });
        var received = new List<string>();
        for (var i = 0; i < count; i++)
        {
            received.Add(await socket.ReceiveTextAsync());
        }

        await sender;
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{{\"n\":{i}}}"), received);
    }

    [Fact]
    public async Task Subprotocol_IsNegotiatedEndToEnd()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("chat.v2");
        socket.Options.AddSubProtocol("chat.v1");

        await socket.ConnectAsync(new Uri(fixture.Gateway.WebSocketAddress, "/ws/echo?session=subprotocol"), CancellationToken.None);

        Assert.Equal("chat.v2", socket.SubProtocol);
        await socket.SendTextAsync("hello");
        Assert.Equal("hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task ClientClose_CodeAndReasonReachUpstreamAndTheAnswerReachesClient()
    {
        var session = "ws-close-" + Guid.NewGuid().ToString("N");
        using var socket = await ConnectAsync($"/ws/echo?session={session}");

        await socket.CloseAsync((WebSocketCloseStatus)4001, "client-bye", CancellationToken.None);

        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("client-bye", socket.CloseStatusDescription);
        var close = Assert.Single(await fixture.Simulator.Client.GetRecordsAsync(session: session, kind: "ws.close"));
        Assert.Equal(4001, close.CloseStatus);
        Assert.Equal("client-bye", close.CloseDescription);
    }

    [Fact]
    public async Task ServerClose_CodeAndReasonReachClient()
    {
        using var socket = await ConnectAsync("/ws/echo?session=server-close&closeAfter=1&closeStatus=4002&closeReason=server-bye");

        await socket.SendTextAsync("last words");
        Assert.Equal("last words", await socket.ReceiveTextAsync());
        var afterClose = await socket.ReceiveMessageAsync();

        Assert.Null(afterClose);
        Assert.Equal((WebSocketCloseStatus)4002, socket.CloseStatus);
        Assert.Equal("server-bye", socket.CloseStatusDescription);
    }

    private async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fixture.Gateway.WebSocketAddress, pathAndQuery), CancellationToken.None);
        return socket;
    }

    private static List<(WebSocketMessage Message, int Fragments)> Script()
    {
        var random = new Random(1234);
        var script = new List<(WebSocketMessage, int)>
        {
            (WebSocketMessage.Text("{\"action\":\"onMessage\",\"message\":{\"text\":\"héllo wörld ✓\",\"type\":\"Text\"}}"), 1),
            (WebSocketMessage.Text(string.Empty), 1),
            (WebSocketMessage.Text("fragmented text message in several frames"), 3),
            (new WebSocketMessage(WebSocketMessageType.Binary, [0, 1, 2, 255, 254]), 1),
            (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, 70_000)), 5),
            (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, OneMiB)), 1),
            (WebSocketMessage.Text(new string('x', OneMiB)), 1),
            (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, OneMiB)), 16),
        };
        for (var i = 0; i < 20; i++)
        {
            var size = random.Next(0, 300);
            script.Add(i % 2 == 0
                ? (WebSocketMessage.Text(new string((char)('a' + (i % 26)), size)), 1 + (i % 3))
                : (new WebSocketMessage(WebSocketMessageType.Binary, Bytes(random, size)), 1 + (i % 4)));
        }

        return script;
    }

    private static byte[] Bytes(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return bytes;
    }
}
