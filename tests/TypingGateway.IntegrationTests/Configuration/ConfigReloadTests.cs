using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Configuration;

/// <summary>Config files reload while the gateway runs; a bad reload keeps the last good config and says why.</summary>
[Trait("Area", "Config")]
public sealed class ConfigReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan _reloadTimeout = TimeSpan.FromSeconds(15);

    private SimulatorServer _simulator = null!;
    private TestConfigDirectory _config = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync();
        _config = TestConfigDirectory.ForUpstream(_simulator.BaseAddress);
        _gateway = await GatewayHost.StartAsync(_config.Path);
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task EditRouteFile_NewRouteServedWithoutRestart()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/added/x")).StatusCode);

        _config.Write("proxy.json", WithAddedRoute());

        await Wait.UntilAsync(async () => (await _client.GetAsync("/added/x?session=reloaded")).StatusCode == HttpStatusCode.OK, _reloadTimeout, "the added route answers");
        var record = Assert.Single(await _simulator.Client.GetRecordsAsync(session: "reloaded"));
        Assert.Equal("/echo/x?session=reloaded", record.Path);
    }

    [Fact]
    public async Task InvalidReload_KeepsLastGoodConfig_LogsWhy_AndReadinessIsDegraded()
    {
        var broken = WithAddedRoute();
        ProxyConfig.Routes(broken)["added"]!["ClusterId"] = "nope";

        _config.Write("proxy.json", broken);

        var logged = await _gateway.Logs.WaitForAsync(e => e.Id.Id == 1001, _reloadTimeout);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("Route 'added': ClusterId 'nope' does not name a defined cluster (defined clusters: cxone, echo, genesys, genesysRest).", logged.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/echo/still-there")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/added/x")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["config"]!["status"]!.GetValue<string>());

        // Fixing the file recovers without a restart.
        _config.Write("proxy.json", WithAddedRoute());
        await Wait.UntilAsync(async () => (await _client.GetAsync("/added/x")).StatusCode == HttpStatusCode.OK, _reloadTimeout, "the fixed route answers");
        var recovered = JsonNode.Parse(await _client.GetStringAsync("/health/ready"))!;
        Assert.Equal("Healthy", recovered["checks"]!["config"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HalfWrittenFile_DoesNotRemoveRoutes()
    {
        // An editor saving in place leaves a truncated file for a moment. The stock JSON provider
        // would empty its data and YARP would then apply a config with no routes at all.
        await File.WriteAllTextAsync(Path.Combine(_config.Path, "proxy.json"), "{ \"ReverseProxy\": { \"Routes\": { \"echo-http\": ");

        var logged = await _gateway.Logs.WaitForAsync(e => e.Id.Id == 1001, _reloadTimeout);
        Assert.Contains("Config file 'proxy.json' could not be read", logged.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/echo/after-truncation")).StatusCode);
    }

    [Fact]
    public async Task InvalidTypingProfileReload_KeepsPreviousProfiles_LogsWhy()
    {
        _config.Write("typing.json", TypingProfile(startValues: ["typing"]));
        await _gateway.Logs.WaitForAsync(e => e.Id.Id == 1002 && e.Message.Contains("Typing", StringComparison.Ordinal), _reloadTimeout);

        _config.Write("typing.json", TypingProfile(startValues: []));

        var logged = await _gateway.Logs.WaitForAsync(e => e.Id.Id == 1001 && e.Message.Contains("Typing", StringComparison.Ordinal), _reloadTimeout);
        Assert.Contains("Typing profile 'widget': StartValues must list at least one value meaning typing started.", logged.Message, StringComparison.Ordinal);
        var ready = JsonNode.Parse(await _client.GetStringAsync("/health/ready"))!;
        Assert.Equal("Degraded", ready["checks"]!["config"]!["status"]!.GetValue<string>());
        Assert.True(_gateway.Services.GetRequiredService<TypingGateway.Typing.TypingProfileCatalog>().TryGet("widget", out var kept));
        var frame = System.Text.Encoding.UTF8.GetBytes("""{"type":"typing","guestId":"g-1"}""");
        Assert.Equal(TypingGateway.Protocols.TypingSignalKind.Start, kept.Recognizer.Recognize(frame, TypingGateway.Protocols.TypingContext.Empty).Kind);
    }

    private static JsonObject TypingProfile(string[] startValues) => new()
    {
        ["Typing"] = new JsonObject
        {
            ["Profiles"] = new JsonObject
            {
                ["widget"] = new JsonObject
                {
                    ["Kind"] = "Json",
                    ["Transport"] = "WebSocket",
                    ["Path"] = "/type",
                    ["StartValues"] = new JsonArray([.. startValues.Select(v => (JsonNode?)v)]),
                    ["Key"] = new JsonArray("pointer:/guestId"),
                },
            },
        },
    };

    private JsonObject WithAddedRoute()
    {
        var config = ProxyConfig.Standard(_simulator.BaseAddress);
        var added = ProxyConfig.Route("echo", "/added/{**rest}");
        added["Transforms"] = new JsonArray(new JsonObject { ["PathPattern"] = "/echo/{**rest}" });
        ProxyConfig.Routes(config)["added"] = added;
        return config;
    }
}
