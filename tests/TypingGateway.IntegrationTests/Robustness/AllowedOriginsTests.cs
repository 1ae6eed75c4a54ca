using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.Configuration;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12, R4 (cross-site WebSocket hijacking): a route with <c>AllowedOrigins</c> answers an upgrade whose
/// Origin is missing or foreign with 403 and forwards nothing; routes without it behave as before.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class AllowedOriginsTests : IAsyncLifetime
{
    private const string Allowed = "http://localhost:8080";
    private const string ProblemType = "urn:typinggateway:problem:origin-not-allowed";

    private ShippedDeployment _deployment = null!;

    private GatewayHost Gateway => _deployment.Gateways[0];

    public async Task InitializeAsync() =>
        _deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null, configure: config => config.Write("zz-origins.json", new JsonObject
        {
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject
                {
                    // The shipped echo routes, closed to every origin but the chat page's and one other.
                    ["echo-ws"] = new JsonObject { ["Metadata"] = new JsonObject { ["AllowedOrigins"] = Allowed + ", https://chat.example.com" } },
                    ["echo-http"] = new JsonObject { ["Metadata"] = new JsonObject { ["AllowedOrigins"] = Allowed } },
                },
            },
        }));

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Theory]
    [InlineData(Allowed)]
    [InlineData("http://LOCALHOST:8080")]
    [InlineData("https://chat.example.com")]
    [InlineData("https://chat.example.com:443")]
    public async Task Upgrade_AllowedOrigin_Gets101AndEchoes(string origin)
    {
        var session = "origin-ok-" + Guid.NewGuid().ToString("N");

        using var socket = await ConnectAsync($"/ws/echo?session={session}", origin);
        await socket.SendTextAsync("hello");

        Assert.Equal("hello", await socket.ReceiveTextAsync(TimeSpan.FromSeconds(10)));
        Assert.NotEmpty(await _deployment.Simulator.Client.GetRecordsAsync(session: session));
        Assert.Equal(1, await _deployment.Simulator.Client.DropConnectionsAsync()); // the control for the refusals' 0
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://localhost:8080")] // another scheme
    [InlineData("http://localhost:8081")] // another port
    [InlineData("http://localhost:8080.evil.example")]
    [InlineData("null")] // sandboxed iframes and file:// pages
    public async Task Upgrade_ForeignOrigin_Gets403ProblemAndNothingIsForwarded(string origin)
    {
        var session = "origin-foreign-" + Guid.NewGuid().ToString("N");

        var response = await RawUpgrade.SendAsync(Gateway.BaseAddress, $"/ws/echo?session={session}", origin);

        AssertOriginProblem(response);
        Assert.Equal(0, await _deployment.Simulator.Client.DropConnectionsAsync()); // no upstream socket was opened
        Assert.Empty(await _deployment.Simulator.Client.GetRecordsAsync(session: session));
    }

    [Fact]
    public async Task Upgrade_MissingOrigin_Gets403WhenTheRouteHasAllowedOrigins()
    {
        var session = "origin-missing-" + Guid.NewGuid().ToString("N");

        var response = await RawUpgrade.SendAsync(Gateway.BaseAddress, $"/ws/echo?session={session}", origin: null);

        AssertOriginProblem(response);
        Assert.Equal(0, await _deployment.Simulator.Client.DropConnectionsAsync()); // no upstream socket was opened
        Assert.Empty(await _deployment.Simulator.Client.GetRecordsAsync(session: session));
    }

    [Fact]
    public async Task Upgrade_RouteWithoutAllowedOrigins_AcceptsAnyOriginAsBefore()
    {
        // The shipped tutorial route has no AllowedOrigins: nothing changes for it.
        using var socket = await ConnectAsync("/chat/echo?session=origin-open", "https://anything.example");

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Http_ForeignOrigin_Gets403ButRequestsWithoutOriginPass()
    {
        using var client = Gateway.CreateClient();

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/echo/origin-http");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var rejected = await client.SendAsync(foreign);
        using var allowedRequest = new HttpRequestMessage(HttpMethod.Get, "/echo/origin-http");
        allowedRequest.Headers.Add("Origin", Allowed);
        using var allowed = await client.SendAsync(allowedRequest);
        using var withoutOrigin = await client.GetAsync("/echo/origin-http");

        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutOrigin.StatusCode); // servers and SDKs outside a browser send none
    }

    [Fact]
    public async Task ShippedBrowserRoute_AllowsTheQuickStartOriginOnly()
    {
        var shipped = await RawUpgrade.SendAsync(Gateway.BaseAddress, "/browser/ws/echo?session=origin-shipped-foreign", "https://evil.example");
        using var socket = await ConnectAsync("/browser/ws/echo?session=origin-shipped", Allowed);
        await socket.SendTextAsync("hi");

        AssertOriginProblem(shipped);
        Assert.Equal("hi", await socket.ReceiveTextAsync(TimeSpan.FromSeconds(10)));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Start_MalformedAllowedOrigins_FailsListingEveryBadValue()
    {
        using var directory = TestConfigDirectory.Create();
        var route = ProxyConfig.Route("echo", "/ws/{**rest}");
        route["Metadata"] = new JsonObject { ["AllowedOrigins"] = "https://ok.example, ftp://files.example,https://a.example/path, *, https://b.example:99999" };
        var blank = ProxyConfig.Route("echo", "/x/{**rest}");
        blank["Metadata"] = new JsonObject { ["AllowedOrigins"] = " , " };
        directory.Write("proxy.json", new JsonObject
        {
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject { ["r1"] = route, ["r2"] = blank },
                ["Clusters"] = new JsonObject { ["echo"] = new JsonObject { ["Destinations"] = new JsonObject { ["sim"] = new JsonObject { ["Address"] = "http://127.0.0.1:9/" } } } },
            },
        });

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path));

        const string Rule = "must be scheme://host[:port] with scheme http or https, and no path, query or wildcard";
        Assert.Equal(
            new[]
            {
                $"Route 'r1': metadata AllowedOrigins entry 'ftp://files.example' {Rule}.",
                $"Route 'r1': metadata AllowedOrigins entry 'https://a.example/path' {Rule}.",
                $"Route 'r1': metadata AllowedOrigins entry '*' {Rule}.",
                $"Route 'r1': metadata AllowedOrigins entry 'https://b.example:99999' {Rule}.",
                "Route 'r2': metadata AllowedOrigins ' , ' names no origin; remove the key to allow every origin.",
            }.Order(),
            ex.Errors.Order());
    }

    private static void AssertOriginProblem(RawResponse response)
    {
        Assert.Equal(403, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers["Content-Type"], StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(ProblemType, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
    }

    private async Task<ClientWebSocket> ConnectAsync(string pathAndQuery, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(Gateway.WebSocketAddress, pathAndQuery), timeout.Token);
        return socket;
    }
}
