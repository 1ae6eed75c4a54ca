using System.Net;
using System.Net.WebSockets;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.Genesys.GenesysRequests;

namespace TypingGateway.Simulator.Tests.Genesys;

[Trait("Area", "Simulator")]
public sealed class GenesysSocketTests : SimulatorTestBase
{
    protected override void Configure(SimulatorOptions options) => options.Genesys.AgentReplies = ["first reply", "second reply"];

    [Fact]
    public async Task Connect_WithoutDeploymentId_Returns400BeforeUpgrade()
    {
        using var response = await Http.GetAsync(new Uri("v1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync("v1"));
    }

    [Fact]
    public async Task ConfigureSession_SameTokenTwice_NewSessionTrueThenFalse()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(ConfigureFrame("tok-1"));
        Assert.Equal(SessionResponseNew, await ws.ReceiveTextAsync());
        await ws.SendTextAsync(ConfigureFrame("tok-1", "trace-7"));
        Assert.Equal(SessionResponseExisting[..^1] + ""","tracingId":"trace-7"}""", await ws.ReceiveTextAsync());

        var records = await Sim.GetRecordsAsync(session: "tok-1");
        Assert.Equal(["genesys.configureSession", "genesys.configureSession"], records.Select(r => r.Kind));
        Assert.All(records, r => Assert.Equal("accepted", r.Outcome));
    }

    [Fact]
    public async Task ConfigureAuthenticatedSession_ReturnsSessionResponseWithTracingId()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync("""{"token":"tok-a","deploymentId":"d","startNew":false,"data":{"code":"jwt"},"tracingId":"t-1","action":"configureAuthenticatedSession"}""");

        Assert.Equal("""{"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":true},"tracingId":"t-1"}""", await ws.ReceiveTextAsync());
        Assert.Equal("genesys.configureAuthenticatedSession", Assert.Single(await Sim.GetRecordsAsync(session: "tok-a")).Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"token":"t"}""")]
    [InlineData("[1,2]")]
    public async Task InvalidFrame_Returns400RequestFailed(string frame)
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(frame);

        Assert.Equal(RequestFailed, await ws.ReceiveTextAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys.invalid"));
        Assert.Equal("rejected:400", record.Outcome);
        Assert.Equal(frame, record.Text);
    }

    [Fact]
    public async Task Echo_ReturnsStructuredMessageWithTracingId()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(EchoFrame("tok-1", "SGVhbHRoQ2hlY2tNZXNzYWdlSWQ="));

        Assert.Equal(
            """{"type":"response","class":"StructuredMessage","code":200,"body":{"text":"ping","type":"Text","direction":"Inbound","id":"<uuid>"},"tracingId":"SGVhbHRoQ2hlY2tNZXNzYWdlSWQ="}""",
            FrameText.Normalize(await ws.ReceiveTextAsync()));
    }

    [Fact]
    public async Task OnMessage_UnconfiguredToken_Returns4007()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(TextFrame("nobody", "hi"));

        Assert.Equal("""{"type":"response","class":"string","code":4007,"body":"session not found error message"}""", await ws.ReceiveTextAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync(session: "nobody"));
        Assert.Equal(("genesys.text", "rejected:4007"), (record.Kind, record.Outcome));
    }

    [Fact]
    public async Task OnMessage_TextLongerThanMax_Returns4011AndIsNotRateCounted()
    {
        await using var ws = await ConnectAsync(GuestPath);
        await ws.SendTextAsync(ConfigureFrame("tok-1"));
        await ws.ReceiveTextAsync();

        await ws.SendTextAsync(TextFrame("tok-1", new string('x', 4001), "t-long"));
        Assert.Equal("""{"type":"response","class":"string","code":4011,"body":"message too long","tracingId":"t-long"}""", await ws.ReceiveTextAsync());

        // Two typing events still fit in this second's budget, so the 4011 did not spend any.
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(EchoFrame("tok-1", "marker"));
        Assert.StartsWith("""{"type":"response","class":"StructuredMessage","code":200,"body":{"text":"ping""", await ws.ReceiveTextAsync());

        var records = await Sim.GetRecordsAsync(session: "tok-1");
        Assert.Equal(
            ["genesys.configureSession:accepted", "genesys.text:rejected:4011", "genesys.typing:accepted", "genesys.typing:accepted", "genesys.echo:accepted"],
            records.Select(r => r.Kind + ":" + r.Outcome));
    }

    [Fact]
    public async Task OnMessage_Text_PushesInboundEchoThenAgentTypingThenScriptedReplies()
    {
        await using var ws = await ConnectAsync(GuestPath);
        await ws.SendTextAsync(ConfigureFrame("tok-1"));
        await ws.ReceiveTextAsync();

        await ws.SendTextAsync(TextFrame("tok-1", "Hello world"));
        Assert.Equal(EchoOf("Hello world"), FrameText.Normalize(await ws.ReceiveTextAsync()));
        Assert.Equal(AgentTyping, FrameText.Normalize(await ws.ReceiveTextAsync()));
        Assert.Equal(ReplyOf("first reply"), FrameText.Normalize(await ws.ReceiveTextAsync()));

        await ws.SendTextAsync(TextFrame("tok-1", "again"));
        Assert.Equal(EchoOf("again"), FrameText.Normalize(await ws.ReceiveTextAsync()));
        Assert.Equal(AgentTyping, FrameText.Normalize(await ws.ReceiveTextAsync()));
        Assert.Equal(ReplyOf("second reply"), FrameText.Normalize(await ws.ReceiveTextAsync()));

        var text = (await Sim.GetRecordsAsync(kind: "genesys.text"))[0];
        Assert.Equal(("genesys", "tok-1", "accepted", "text"), (text.Protocol, text.Session, text.Outcome, text.MessageType));
        Assert.Equal(TextFrame("tok-1", "Hello world"), text.Text);
    }

    [Fact]
    public async Task OnMessage_TypingAndPresence_AcceptedWithoutResponse()
    {
        await using var ws = await ConnectAsync(GuestPath);
        await ws.SendTextAsync(ConfigureFrame("tok-1"));
        await ws.ReceiveTextAsync();

        await ws.SendTextAsync(TypingFrame("tok-1", "t-typing"));
        await ws.SendTextAsync(PresenceFrame("tok-1"));
        await ws.SendTextAsync(EchoFrame("tok-1", "marker"));

        // The next frame answers the echo: neither event produced a frame.
        Assert.Contains("\"tracingId\":\"marker\"", await ws.ReceiveTextAsync(), StringComparison.Ordinal);
        var records = await Sim.GetRecordsAsync(session: "tok-1");
        Assert.Equal(
            ["genesys.configureSession:accepted", "genesys.typing:accepted", "genesys.event:accepted", "genesys.echo:accepted"],
            records.Select(r => r.Kind + ":" + r.Outcome));
    }

    [Fact]
    public async Task OnMessage_SessionWithTwoTabs_PushesToBothTabs()
    {
        await using var tab1 = await ConnectAsync(GuestPath);
        await using var tab2 = await ConnectAsync(GuestPath);
        await tab1.SendTextAsync(ConfigureFrame("tok-1"));
        Assert.Equal(SessionResponseNew, await tab1.ReceiveTextAsync());
        await tab2.SendTextAsync(ConfigureFrame("tok-1"));
        Assert.Equal(SessionResponseExisting, await tab2.ReceiveTextAsync());

        await tab1.SendTextAsync(TextFrame("tok-1", "from tab one"));

        foreach (var tab in new[] { tab1, tab2 })
        {
            Assert.Equal(EchoOf("from tab one"), FrameText.Normalize(await tab.ReceiveTextAsync()));
            Assert.Equal(AgentTyping, FrameText.Normalize(await tab.ReceiveTextAsync()));
            Assert.Equal(ReplyOf("first reply"), FrameText.Normalize(await tab.ReceiveTextAsync()));
        }
    }

    [Fact]
    public async Task GetJwt_ReturnsJwtResponse()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(ActionFrame("tok-1", "getJwt"));

        var frame = await ws.ReceiveTextAsync();
        Assert.Matches("""^\{"type":"response","class":"JwtResponse","code":200,"body":\{"jwt":"sim-jwt-[0-9a-f-]{36}","exp":\d+\}\}$""", frame);
        Assert.Equal("genesys.getJwt", Assert.Single(await Sim.GetRecordsAsync()).Kind);
    }

    [Fact]
    public async Task CloseSession_PushesConnectionClosedToEveryTabAndClosesThem()
    {
        await using var tab1 = await ConnectAsync(GuestPath);
        await using var tab2 = await ConnectAsync(GuestPath);
        await tab1.SendTextAsync(ConfigureFrame("tok-1"));
        await tab1.ReceiveTextAsync();
        await tab2.SendTextAsync(ConfigureFrame("tok-1"));
        await tab2.ReceiveTextAsync();

        await tab1.SendTextAsync(ActionFrame("tok-1", "closeSession", "t-close"));

        foreach (var tab in new[] { tab1, tab2 })
        {
            Assert.Equal("""{"type":"message","class":"ConnectionClosedEvent","code":200,"body":{"reason":"closeSession"}}""", await tab.ReceiveTextAsync());
            Assert.Equal(WebSocketMessageType.Close, (await tab.ReceiveMessageAsync()).Type);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, tab.Socket.CloseStatus);
        }
    }

    [Fact]
    public async Task UnknownAction_Returns400WithTracingId()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.SendTextAsync(ActionFrame("tok-1", "getConfiguration", "t-9"));

        Assert.Equal("""{"type":"response","class":"string","code":400,"body":"Request failed.","tracingId":"t-9"}""", await ws.ReceiveTextAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(("genesys.getConfiguration", "rejected:400"), (record.Kind, record.Outcome));
    }

    [Fact]
    public async Task ClientClose_IsAnsweredAndRecorded()
    {
        await using var ws = await ConnectAsync(GuestPath);

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");

        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.Socket.CloseStatus);
        var close = Assert.Single(await Sim.WaitForRecordsAsync(r => r.Count == 1, TestTimeouts.Receive));
        Assert.Equal(("genesys.close", "close", 1000, "bye"), (close.Kind, close.MessageType, close.CloseStatus, close.CloseDescription));
    }
}
