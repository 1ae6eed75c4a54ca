using System.Net;
using System.Net.WebSockets;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.GenesysGuestChat.GuestChatTestClient;

namespace TypingGateway.Simulator.Tests.GenesysGuestChat;

[Trait("Area", "Simulator")]
public sealed class GuestChatApiTests : SimulatorTestBase
{
    private const string AuthFailed = """{"message":"Authentication failed.","code":"bad.credentials","status":401,"contextId":"<uuid>","details":[],"errors":[]}""";

    [Fact]
    public async Task Create_ValidBody_Returns200WithIdsJwtAndEventStreamOnTheSimulator()
    {
        using var response = await PostAsync(Http, ConversationsPath, null, CreateBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var jwt = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("jwt").GetString()!;
        Assert.Equal(3, jwt.Split('.').Length);
        Assert.Equal(
            $$$"""{"id":"<uuid>","jwt":"<jwt>","eventStreamUri":"ws://{{{BaseAddress.Authority}}}/webchat/guest/events/<uuid>","member":{"id":"<uuid>"}}""",
            FrameText.Normalize(text.Replace(jwt, "<jwt>", StringComparison.Ordinal)));
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-guest.create"));
        Assert.Equal(("genesys-guest", "accepted", CreateBody), (record.Protocol, record.Outcome, record.Text));
    }

    [Theory]
    [InlineData("""{"deploymentId":"dep-1","memberInfo":{"displayName":"Ada"}}""")]
    [InlineData("""{"organizationId":"org-1","memberInfo":{}}""")]
    [InlineData("""{"organizationId":"org-1","deploymentId":"dep-1"}""")]
    [InlineData("not json")]
    public async Task Create_InvalidBody_Returns400ErrorBody(string body)
    {
        using var response = await PostAsync(Http, ConversationsPath, null, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"message":"organizationId, deploymentId and memberInfo are required.","code":"bad.request","status":400,"contextId":"<uuid>","details":[],"errors":[]}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:400", Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-guest.create")).Outcome);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    public async Task Typing_ConversationJwt_Returns200WebChatTypingAndRecordsEmptyBody(string scheme)
    {
        var chat = await CreateAsync(Http);

        using var response = await PostAsync(Http, MemberPath(chat) + "/typing", scheme + " " + chat.Jwt, body: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"id":"<uuid>","conversation":{"id":"<uuid>","selfUri":"/api/v2/webchat/guest/conversations/<uuid>"},"sender":{"id":"<uuid>"},"timestamp":"<iso>"}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        var record = Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.typing"));
        Assert.Equal(("accepted", "POST", 0L), (record.Outcome, record.Method, record.Length));
        Assert.Equal("/" + MemberPath(chat) + "/typing", record.Path);
        Assert.Equal(scheme + " " + chat.Jwt, record.Headers!["Authorization"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-jwt")]
    [InlineData("Basic c2ltLWNsaWVudDpzaW0tZXhhbXBsZS1zZWNyZXQ=")]
    [InlineData("[REDACTED]")]
    public async Task Typing_MissingOrWrongJwt_Returns401ErrorBody(string? authorization)
    {
        var chat = await CreateAsync(Http);

        using var response = await PostAsync(Http, MemberPath(chat) + "/typing", authorization, body: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(AuthFailed, FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:401", Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.typing")).Outcome);
    }

    [Fact]
    public async Task Typing_JwtOfAnotherConversation_Returns401()
    {
        var chat = await CreateAsync(Http);
        var other = await CreateAsync(Http);

        using var response = await PostAsync(Http, MemberPath(chat) + "/typing", "Bearer " + other.Jwt, body: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(AuthFailed, FrameText.Normalize(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Typing_UnknownMember_Returns404ErrorBody()
    {
        var chat = await CreateAsync(Http);

        using var response = await PostAsync(Http, MemberPath(chat, "not-a-member") + "/typing", "Bearer " + chat.Jwt, body: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            """{"message":"The requested member was not found.","code":"not.found","status":404,"contextId":"<uuid>","details":[],"errors":[]}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:404", Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.typing")).Outcome);
    }

    [Fact]
    public async Task Message_ValidBody_Returns200WebChatMessageAndRecordsBodyBytes()
    {
        var chat = await CreateAsync(Http);
        const string body = """{"body":"héllo \"wörld\" <3 😀","bodyType":"standard"}""";

        using var response = await PostAsync(Http, MemberPath(chat) + "/messages", "Bearer " + chat.Jwt, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        // System.Text.Json escapes characters outside the BMP even with relaxed escaping: the same JSON string value.
        Assert.Equal(
            """{"id":"<uuid>","conversation":{"id":"<uuid>","selfUri":"/api/v2/webchat/guest/conversations/<uuid>"},"sender":{"id":"<uuid>"},"body":"héllo \"wörld\" <3 \uD83D\uDE00","bodyType":"standard","timestamp":"<iso>","selfUri":"/api/v2/webchat/guest/conversations/<uuid>/messages/<uuid>"}""",
            FrameText.Normalize(text));
        var record = Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.message"));
        Assert.Equal(("accepted", body), (record.Outcome, record.Text));
    }

    [Theory]
    [InlineData("""{"bodyType":"standard"}""")]
    [InlineData("""{"body":"hi","bodyType":"shout"}""")]
    [InlineData("""{"body":42}""")]
    [InlineData("")]
    public async Task Message_InvalidBody_Returns400ErrorBody(string body)
    {
        var chat = await CreateAsync(Http);

        using var response = await PostAsync(Http, MemberPath(chat) + "/messages", "Bearer " + chat.Jwt, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"message":"Invalid message.","code":"bad.request","status":400,"contextId":"<uuid>","details":[],"errors":[]}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:400", Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.message")).Outcome);
    }

    [Fact]
    public async Task Typing_HttpFault_RecordedAsGuestTypingOfItsConversation()
    {
        var chat = await CreateAsync(Http);
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Status: 503, RetryAfterSeconds: 5));

        using var response = await PostAsync(Http, MemberPath(chat) + "/typing", "Bearer " + chat.Jwt, body: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var record = Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.typing"));
        Assert.Equal(("genesys-guest", "fault:503"), (record.Protocol, record.Outcome));
    }

    [Fact]
    public async Task GetMember_ConversationJwt_Returns200MemberInfo()
    {
        var chat = await CreateAsync(Http);
        using var request = new HttpRequestMessage(HttpMethod.Get, MemberPath(chat));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + chat.Jwt);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"id":"<uuid>","displayName":"Ada","role":"CUSTOMER","joinDate":"<iso>","authenticatedGuest":false,"state":"CONNECTED"}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task UnsupportedGuestRoute_Returns404NotTheOAuth401()
    {
        var chat = await CreateAsync(Http);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ConversationsPath}/{chat.ConversationId}/members");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + chat.Jwt);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("rejected:404", Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-guest.unsupported")).Outcome);
        Assert.Empty(await Sim.GetRecordsAsync(kind: "genesys-rest.api"));
    }

    [Fact]
    public async Task Reset_ForgetsConversations_TheirJwtIsRejected()
    {
        var chat = await CreateAsync(Http);

        await Sim.ResetAsync();
        using var response = await PostAsync(Http, MemberPath(chat) + "/typing", "Bearer " + chat.Jwt, body: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EventStream_Connect_StaysOpenUntilTheClientCloses()
    {
        var chat = await CreateAsync(Http);
        await using var client = await ConnectAsync(new Uri(chat.EventStreamUri).PathAndQuery);

        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
        var record = Assert.Single(await Sim.GetRecordsAsync(session: chat.ConversationId, kind: "genesys-guest.events"));
        Assert.Equal("accepted", record.Outcome);
    }

    [Fact]
    public async Task EventStream_UnknownConversation_Returns404()
    {
        var exception = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync("/webchat/guest/events/no-such-chat"));

        Assert.Contains("404", exception.Message, StringComparison.Ordinal);
    }
}
