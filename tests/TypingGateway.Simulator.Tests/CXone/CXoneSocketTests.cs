using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.CXone;

[Trait("Area", "Simulator")]
public sealed class CXoneSocketTests : SimulatorTestBase
{
    private const string VisitorPath = "cxone?brandId=1234&channelId=chat_1&visitorId=visitor-1";

    [Fact]
    public async Task Heartbeat_ReturnsJsonStringPong()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        await ws.SendTextAsync("""{"action":"heartbeat"}""");

        Assert.Equal("\"pong\"", await ws.ReceiveTextAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync(session: "visitor-1"));
        Assert.Equal(("cxone", "cxone.heartbeat", "accepted"), (record.Protocol, record.Kind, record.Outcome));
    }

    [Fact]
    public async Task AuthorizeCustomer_ReturnsSuccessPostbackWithTheRequestEventId()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        await ws.SendTextAsync("""{"action":"register","eventId":"ev-1","payload":{"eventType":"AuthorizeCustomer","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"cust-9"},"data":{"authorization":{"authorizationCode":null}},"destination":{},"visitor":{"id":"visitor-1"},"visit":{}}}""");

        Assert.Equal(
            """{"eventId":"ev-1","postback":{"eventType":"ConsumerAuthorized","data":{"status":"success","consumerIdentity":{"idOnExternalPlatform":"cust-9","firstName":"","lastName":""},"accessToken":{"token":"sim-access-<uuid>","expiresIn":3600,"isExpired":false}}}}""",
            FrameText.Normalize(await ws.ReceiveTextAsync()));
        Assert.Equal("cxone.AuthorizeCustomer", Assert.Single(await Sim.GetRecordsAsync()).Kind);
    }

    [Fact]
    public async Task SendMessage_PushesMessageCreatedWithTheRequestEventIdToEveryConnectionOfTheVisitor()
    {
        await using var tab1 = await ConnectAsync(VisitorPath);
        await using var tab2 = await ConnectAsync(VisitorPath);
        await using var other = await ConnectAsync("cxone?brandId=1234&channelId=chat_1&visitorId=visitor-2");

        await tab1.SendTextAsync(SendMessage("msg-1", "thread-1", """{"type":"TEXT","payload":{"text":"Hello"}}"""));

        var expected = """{"eventId":"ev-msg-1","eventType":"MessageCreated","createdAt":"<iso>","data":{"message":{"idOnExternalPlatform":"msg-1","threadIdOnExternalPlatform":"thread-1","messageContent":{"type":"TEXT","payload":{"text":"Hello"}},"direction":"inbound","createdAt":"<iso>"},"case":{"id":"1","threadIdOnExternalPlatform":"thread-1","status":"new","createdAt":"<iso>"},"thread":{"idOnExternalPlatform":"thread-1","threadName":""}}}""";
        Assert.Equal(expected, FrameText.Normalize(await tab1.ReceiveTextAsync()));
        Assert.Equal(expected, FrameText.Normalize(await tab2.ReceiveTextAsync()));

        // The other visitor got nothing: its next frame is the answer to its own heartbeat.
        await other.SendTextAsync("""{"action":"heartbeat"}""");
        Assert.Equal("\"pong\"", await other.ReceiveTextAsync());
    }

    [Fact]
    public async Task SendMessage_KeepsMessageContentBytesAndCasePerThread()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        await ws.SendTextAsync(SendMessage("m1", "thread-a", """{ "type" : "TEXT", "payload":{"text":"a <b> ü"} }"""));
        var first = await ws.ReceiveTextAsync();
        await ws.SendTextAsync(SendMessage("m2", "thread-b", """{"type":"TEXT","payload":{"text":"x"}}"""));
        var second = await ws.ReceiveTextAsync();
        await ws.SendTextAsync(SendMessage("m3", "thread-a", """{"type":"TEXT","payload":{"text":"y"}}"""));
        var third = await ws.ReceiveTextAsync();

        Assert.Contains("""
            "messageContent":{ "type" : "TEXT", "payload":{"text":"a <b> ü"} },
            """.Trim(), first, StringComparison.Ordinal);
        Assert.Contains("\"case\":{\"id\":\"1\"", first, StringComparison.Ordinal);
        Assert.Contains("\"case\":{\"id\":\"2\"", second, StringComparison.Ordinal);
        Assert.Contains("\"case\":{\"id\":\"1\"", third, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconnectConsumer_ReturnsConsumerReconnectedWithTheRequestEventId()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        await ws.SendTextAsync("""{"action":"chatWindowEvent","eventId":"ev-r","payload":{"eventType":"ReconnectConsumer","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"cust-9"},"data":{"accessToken":{"token":"sim-access-x"}},"destination":{},"visitor":{},"visit":{}}}""");

        Assert.Equal("""{"eventId":"ev-r","postback":{"eventType":"ConsumerReconnected","data":{"status":"success"}}}""", await ws.ReceiveTextAsync());
    }

    [Fact]
    public async Task CustomerIdQuery_KeysTheSessionWhenVisitorIdIsEmpty()
    {
        // The web SDK's URL: visitorId empty, customerId set; its frames carry "visitor":{}.
        await using var tab1 = await ConnectAsync("cxone?brandId=1234&channelId=chat_1&customerId=cust-1&visitorId=");
        await using var tab2 = await ConnectAsync("cxone?brandId=1234&channelId=chat_1&customerId=cust-1&visitorId=");

        await tab1.SendTextAsync(SendMessage("msg-1", "thread-1", """{"type":"TEXT","payload":{"text":"Hi"}}""").Replace("\"visitor\":{\"id\":\"visitor-1\"}", "\"visitor\":{}", StringComparison.Ordinal));

        Assert.Contains("\"eventId\":\"ev-msg-1\"", await tab2.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.Equal("cust-1", Assert.Single(await Sim.GetRecordsAsync(kind: "cxone.SendMessage")).Session);
    }

    [Fact]
    public async Task AgentMessage_ReachesEveryTabOnTheThreadTheGuestNamedLast()
    {
        await using var tab1 = await ConnectAsync(VisitorPath);
        await using var tab2 = await ConnectAsync(VisitorPath);
        await tab1.SendTextAsync("""{"action":"chatWindowEvent","eventId":"ev-t","payload":{"eventType":"SenderTypingStarted","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c"},"data":{"thread":{"idOnExternalPlatform":"thread-7"}},"destination":{},"visitor":{},"visit":{}}}""");
        await Sim.WaitForRecordsAsync(r => r.Count == 1, TestTimeouts.Receive, kind: "cxone.SenderTypingStarted");

        Assert.Equal(2, await Sim.SendCXoneAgentMessageAsync("visitor-1", "Hello from the agent"));

        var expected = """{"eventId":"<uuid>","eventType":"MessageCreated","createdAt":"<iso>","data":{"message":{"idOnExternalPlatform":"<uuid>","threadIdOnExternalPlatform":"thread-7","messageContent":{"type":"TEXT","payload":{"text":"Hello from the agent"}},"direction":"outbound","createdAt":"<iso>"},"case":{"id":"1","threadIdOnExternalPlatform":"thread-7","status":"new","createdAt":"<iso>"},"thread":{"idOnExternalPlatform":"thread-7","threadName":""}}}""";
        Assert.Equal(expected, FrameText.Normalize(await tab1.ReceiveTextAsync()));
        Assert.Equal(expected, FrameText.Normalize(await tab2.ReceiveTextAsync()));
    }

    [Fact]
    public async Task AgentMessage_WithoutAKnownThread_Returns404()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Sim.SendCXoneAgentMessageAsync("visitor-1", "x"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData("SenderTypingStarted")]
    [InlineData("SenderTypingEnded")]
    [InlineData("SendMessagePreview")]
    [InlineData("MessageSeenByConsumer")]
    [InlineData("LoadMoreMessages")]
    public async Task ChatWindowEvents_AreAcceptedSilently(string eventType)
    {
        await using var ws = await ConnectAsync("cxone?brandId=1234&channelId=chat_1");

        await ws.SendTextAsync($$$$"""{"action":"chatWindowEvent","eventId":"ev-5","payload":{"eventType":"{{{{eventType}}}}","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c"},"data":{"thread":{"idOnExternalPlatform":"t"}},"destination":{},"visitor":{"id":"visitor-from-payload"},"visit":{}}}""");
        await ws.SendTextAsync("""{"action":"heartbeat"}""");

        Assert.Equal("\"pong\"", await ws.ReceiveTextAsync());
        var records = await Sim.GetRecordsAsync(session: "visitor-from-payload");
        Assert.Equal(["cxone." + eventType + ":accepted", "cxone.heartbeat:accepted"], records.Select(r => r.Kind + ":" + r.Outcome));
    }

    [Fact]
    public async Task InvalidJson_ReturnsInvalidRequestError()
    {
        await using var ws = await ConnectAsync(VisitorPath);

        await ws.SendTextAsync("{nope");

        Assert.Equal("""{"eventId":null,"error":{"errorCode":"InvalidRequest","transactionId":"<uuid>"}}""", FrameText.Normalize(await ws.ReceiveTextAsync()));
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(("cxone.invalid", "rejected:400", "{nope"), (record.Kind, record.Outcome, record.Text));
    }

    private static string SendMessage(string messageId, string threadId, string content) =>
        $$$$"""{"action":"chatWindowEvent","eventId":"ev-{{{{messageId}}}}","payload":{"eventType":"SendMessage","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c"},"data":{"messageContent":{{{{content}}}},"idOnExternalPlatform":"{{{{messageId}}}}","thread":{"idOnExternalPlatform":"{{{{threadId}}}}"},"consumer":{"customFields":[]},"attachments":[]},"destination":{},"visitor":{"id":"visitor-1"},"visit":{}}}""";
}
