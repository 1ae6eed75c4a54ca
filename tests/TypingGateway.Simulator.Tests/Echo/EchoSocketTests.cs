using System.Net.WebSockets;
using System.Text;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Echo;

[Trait("Area", "Simulator")]
public sealed class EchoSocketTests : SimulatorTestBase
{
    [Fact]
    public async Task FragmentedMessage_IsEchoedFragmentByFragment_AndRecordedWhole()
    {
        await using var ws = await ConnectAsync("ws/chat?session=s-1");
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        string[] parts = ["Hel", "lo, ", "world"];

        for (var i = 0; i < parts.Length; i++)
        {
            await ws.Socket.SendAsync(Encoding.UTF8.GetBytes(parts[i]), WebSocketMessageType.Text, i == parts.Length - 1, timeout.Token);
        }

        var buffer = new byte[1024];
        for (var i = 0; i < parts.Length; i++)
        {
            var result = await ws.Socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(parts[i], Encoding.UTF8.GetString(buffer, 0, result.Count));
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.Equal(i == parts.Length - 1, result.EndOfMessage);
        }

        var record = Assert.Single(await Sim.GetRecordsAsync(session: "s-1"));
        Assert.Equal(("echo-ws", "ws.text", "text", "Hello, world", 12L), (record.Protocol, record.Kind, record.MessageType, record.Text, record.Length));
    }

    [Fact]
    public async Task BinaryMessages_AreEchoedInOrder_AndRecordedAsBase64()
    {
        await using var ws = await ConnectAsync("ws/bin?session=s-2");
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        var first = new byte[] { 0, 1, 2, 255 };
        var second = new byte[200_000];
        new Random(3).NextBytes(second);

        await ws.Socket.SendAsync(first, WebSocketMessageType.Binary, true, timeout.Token);
        await ws.Socket.SendAsync(second, WebSocketMessageType.Binary, true, timeout.Token);

        foreach (var expected in new[] { first, second })
        {
            var (type, payload) = await ws.ReceiveMessageAsync();
            Assert.Equal(WebSocketMessageType.Binary, type);
            Assert.Equal(expected, payload);
        }

        var records = await Sim.GetRecordsAsync(session: "s-2");
        Assert.Equal(["AAEC/w==", null], records.Select(r => r.Base64));
        Assert.Equal(200_000L, records[1].Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(second)), records[1].Sha256);
    }

    [Fact]
    public async Task OfferedSubprotocols_FirstIsAccepted()
    {
        await using var ws = await ConnectAsync("ws/sub", "b.v1", "a.v2");

        Assert.Equal("b.v1", ws.Socket.SubProtocol);
    }

    [Fact]
    public async Task NoSessionQuery_UsesConnectionId()
    {
        await using var ws = await ConnectAsync("ws/x");
        await ws.SendTextAsync("hi");
        await ws.ReceiveTextAsync();

        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(record.ConnectionId, record.Session);
    }

    [Fact]
    public async Task ClientClose_IsAnsweredWithSameStatusAndDescription()
    {
        await using var ws = await ConnectAsync("ws/close?session=s-3");

        await ws.CloseAsync((WebSocketCloseStatus)4001, "client bye");

        Assert.Equal((WebSocketCloseStatus)4001, ws.Socket.CloseStatus);
        Assert.Equal("client bye", ws.Socket.CloseStatusDescription);
        var record = Assert.Single(await Sim.GetRecordsAsync(session: "s-3"));
        Assert.Equal(("ws.close", "close", 4001, "client bye"), (record.Kind, record.MessageType, record.CloseStatus, record.CloseDescription));
    }

    [Fact]
    public async Task CloseAfter_ServerClosesAfterNEchoes()
    {
        await using var ws = await ConnectAsync("ws/ca?session=s-4&closeAfter=2&closeStatus=4000&closeReason=done");

        await ws.SendTextAsync("one");
        Assert.Equal("one", await ws.ReceiveTextAsync());
        await ws.SendTextAsync("two");
        Assert.Equal("two", await ws.ReceiveTextAsync());

        Assert.Equal(WebSocketMessageType.Close, (await ws.ReceiveMessageAsync()).Type);
        Assert.Equal((WebSocketCloseStatus)4000, ws.Socket.CloseStatus);
        Assert.Equal("done", ws.Socket.CloseStatusDescription);
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        await ws.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        var records = await Sim.WaitForRecordsAsync(r => r.Count == 3, TestTimeouts.Receive, session: "s-4");
        Assert.Equal(["ws.text", "ws.text", "ws.close"], records.Select(r => r.Kind));
    }
}
