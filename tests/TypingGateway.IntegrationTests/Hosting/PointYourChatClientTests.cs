using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using TypingGateway.Testing;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Hosting;

/// <summary>
/// The README's "Point your chat client at the gateway" snippets, taken from README.md as written, with the
/// placeholder host replaced by a gateway running the shipped config/: each official client reaches the simulator
/// through the gateway's shipped route, so the documented setting cannot drift from one that works.
/// </summary>
[Trait("Area", "Hosting")]
[Collection(RedisCollection.Name)]
public sealed partial class PointYourChatClientTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const string PlaceholderHost = "chat-gateway.example.com";
    private const int RequestLogEventId = 1004;
    private static readonly TimeSpan _nodeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _logTimeout = TimeSpan.FromSeconds(15);

    private ShippedDeployment _deployment = null!;

    private GatewayHost Gateway => _deployment.Gateways[0];

    private SimulatorServer Simulator => _deployment.Simulator;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(1, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [SkippableFact]
    public async Task CxoneCustomEnvironmentSnippet_AuthorizesThroughCxoneRoute()
    {
        await NodeSdk.RequireAsync();
        var code = PointAtGateway(Snippet("cxone-custom-environment", "js"));

        var result = await RunSnippetAsync(code);

        var customerId = (string)result["exports"]!["customerId"]!;
        Assert.Equal("customer-42", customerId);
        var socket = Assert.Single(result["sockets"]!.AsArray());
        Assert.StartsWith(new Uri(Gateway.WebSocketAddress, "/cxone?").ToString(), (string)socket!, StringComparison.Ordinal);
        var authorize = Assert.Single(await Simulator.Client.GetRecordsAsync(kind: "cxone.AuthorizeCustomer"));
        Assert.Contains("\"customer-42\"", authorize.Text, StringComparison.Ordinal);
        await Gateway.Logs.WaitForAsync(e => e.EventId.Id == RequestLogEventId && e.Message.Contains("/cxone (cxone-guest) responded 101", StringComparison.Ordinal), _logTimeout);
    }

    [SkippableFact]
    public async Task GenesysGuestChatBasePathSnippet_CreatesTypesAndSendsThroughGuestChatRoute_WithTheGuestsBearer()
    {
        await NodeSdk.RequireAsync();
        var code = PointAtGateway(Snippet("genesys-guest-chat-base-path", "js"));

        var result = await RunSnippetAsync(code);

        var conversationId = (string)result["exports"]!["conversationId"]!;
        Assert.Single(await Simulator.Client.GetRecordsAsync(kind: "genesys-guest.create"));
        var typing = Assert.Single(await Simulator.Client.GetRecordsAsync(session: conversationId, kind: "genesys-guest.typing"));
        var message = Assert.Single(await Simulator.Client.GetRecordsAsync(session: conversationId, kind: "genesys-guest.message"));
        Assert.All([typing, message], r => Assert.StartsWith("Bearer ey", r.Headers!["Authorization"], StringComparison.Ordinal)); // not "[REDACTED]"
        Assert.All([typing, message], r => Assert.Equal("accepted", r.Outcome));
        await Gateway.Logs.WaitForAsync(e => e.EventId.Id == RequestLogEventId && e.Message.Contains("/typing (genesys-guest-chat) responded 200", StringComparison.Ordinal), _logTimeout);
        await Gateway.Logs.WaitForAsync(e => e.EventId.Id == RequestLogEventId && e.Message.Contains("/messages (genesys-guest-chat) responded 200", StringComparison.Ordinal), _logTimeout);
    }

    [Fact]
    public async Task GenesysWebMessagingJavaAddressSnippet_UrlTheSdkBuilds_ConfiguresSessionThroughGenesysRoute()
    {
        var snippet = PointAtGateway(Snippet("genesys-web-messaging-java-address", "java"));
        var match = JavaAddress().Match(snippet);
        Assert.True(match.Success, "the Java snippet has no new WebMessagingClient(\"…\")");
        var (token, deployment) = GenesysGuest.NewSession();

        // As WebMessagingClient.connect builds it (web-messaging-sdk-java 18.1.0): address + "?deploymentId=" + id
        // + "&application=" + URLEncoder.encode(application name); the name below is the SDK's fallback one.
        var url = new Uri($"{match.Groups[1].Value}?deploymentId={deployment}&application={Uri.EscapeDataString("WebMessagingSDK-Default-1.0.1")}");
        output.WriteLine($"the snippet's SDK connects to {url}");
        await using (var guest = await ChatGuest.ConnectAsync(url))
        {
            await guest.SendAsync(GenesysFrames.ConfigureSession(token, deployment));
            await guest.WaitForAsync(f => f.Contains("\"SessionResponse\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        }

        var configure = Assert.Single(await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.configureSession"));
        Assert.Equal(GenesysFrames.ConfigureSession(token, deployment), configure.Text);
        await Gateway.Logs.WaitForAsync(e => e.EventId.Id == RequestLogEventId && e.Message.Contains("/genesys/v1 (genesys-guest) responded 101", StringComparison.Ordinal), _logTimeout);
    }

    /// <summary>The fenced block right after <c>&lt;!-- snippet: name --&gt;</c> in README.md.</summary>
    private static string Snippet(string name, string language)
    {
        var readme = File.ReadAllText(Path.Combine(RedisServerFixture.RepositoryRoot(), "README.md"));
        var match = Regex.Match(readme, $@"<!-- snippet: {Regex.Escape(name)} -->\r?\n```{language}\r?\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no <!-- snippet: {name} --> followed by a ```{language} block");
        return match.Groups[1].Value;
    }

    /// <summary>The placeholder host becomes the gateway; TLS schemes become the test gateway's plain ones.</summary>
    private string PointAtGateway(string snippet)
    {
        Assert.Contains(PlaceholderHost, snippet, StringComparison.Ordinal);
        var pointed = snippet
            .Replace($"https://{PlaceholderHost}", Gateway.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace($"wss://{PlaceholderHost}", Gateway.WebSocketAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        Assert.DoesNotContain(PlaceholderHost, pointed, StringComparison.Ordinal); // every use of the host is a URL the test can redirect
        return pointed;
    }

    private async Task<JsonNode> RunSnippetAsync(string code)
    {
        var argument = new JsonObject { ["code"] = code, ["timeoutMs"] = 30_000 }.ToJsonString();
        var process = await NodeSdk.RunAsync("run-snippet.mjs", argument, _nodeTimeout);
        output.WriteLine(process.Stdout);
        Assert.True(process.ExitCode == 0, $"the snippet failed (exit {process.ExitCode}): {process.Stderr}{process.Stdout}");
        var lastLine = process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonNode.Parse(lastLine)!;
    }

    [GeneratedRegex("""new WebMessagingClient\("([^"]+)"\)""")]
    private static partial Regex JavaAddress();
}
