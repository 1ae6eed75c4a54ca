using System.Text.Json.Nodes;
using TypingGateway.Configuration;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Configuration;

/// <summary>Invalid config fails at start with every error listed; each class of error has a test.</summary>
[Trait("Area", "Config")]
public sealed class ConfigValidationTests
{
    private const string UnknownClusterError =
        "Route 'r1': ClusterId 'missing' does not name a defined cluster (defined clusters: echo).";
    private const string BadAddressError =
        "Cluster 'echo', destination 'sim': Address 'not a url' is not an absolute http:// or https:// URL.";
    private const string UnknownProfileError =
        "Route 'r1': metadata TypingProfile 'genesys-typo' does not name a typing profile (known profiles: genesys-webmessaging, cxone-chat, genesys-agent-rest, genesys-guest-chat).";

    [Fact]
    public async Task Start_RouteWithUnknownCluster_FailsNamingTheRouteAndTheDefinedClusters()
    {
        var errors = await StartExpectingErrorsAsync(Config(route: Route("missing")));

        Assert.Equal([UnknownClusterError], errors);
    }

    [Fact]
    public async Task Start_DestinationAddressNotAUrl_FailsNamingClusterAndDestination()
    {
        var errors = await StartExpectingErrorsAsync(Config(cluster: Cluster("not a url")));

        Assert.Equal([BadAddressError], errors);
    }

    [Fact]
    public async Task Start_DataProtectionSecretVariableUnset_FailsNamingTheVariable()
    {
        var variable = "TYPINGGATEWAY_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var errors = await StartExpectingErrorsAsync(Config(), new Dictionary<string, string?> { ["DataProtection:KeyEncryptionSecretEnv"] = variable });

        Assert.Equal([$"DataProtection: the environment variable '{variable}' is not set or empty."], errors);
    }

    [Fact]
    public async Task Start_UnknownTypingProfileMetadata_FailsListingKnownProfiles()
    {
        var route = Route("echo");
        route["Metadata"] = new JsonObject { ["TypingProfile"] = "genesys-typo" };

        var errors = await StartExpectingErrorsAsync(Config(route: route));

        Assert.Equal([UnknownProfileError], errors);
    }

    [Fact]
    public async Task Start_CustomTypingProfile_IsAcceptedAsMetadataValue()
    {
        var route = Route("echo");
        route["Metadata"] = new JsonObject { ["TypingProfile"] = "my-widget" };
        using var directory = TestConfigDirectory.Create();
        directory.Write("proxy.json", Config(route: route));
        directory.Write("typing.json", new JsonObject
        {
            ["Typing"] = new JsonObject
            {
                ["Profiles"] = new JsonObject
                {
                    ["my-widget"] = new JsonObject
                    {
                        ["Kind"] = "Json",
                        ["Transport"] = "WebSocket",
                        ["Path"] = "/type",
                        ["StartValues"] = new JsonArray("typing"),
                        ["Key"] = new JsonArray("pointer:/guestId"),
                    },
                },
            },
        });

        await using var gateway = await GatewayHost.StartAsync(directory.Path);

        Assert.NotNull(gateway.BaseAddress);
    }

    [Fact]
    public async Task Start_InvalidTypingProfile_FailsWithItsErrors()
    {
        using var directory = TestConfigDirectory.Create();
        directory.Write("proxy.json", Config());
        directory.Write("typing.json", new JsonObject { ["Typing"] = new JsonObject { ["Profiles"] = new JsonObject { ["my-widget"] = new JsonObject { ["Kind"] = "Json", ["Transport"] = "Http", ["Path"] = "/typing" } } } });

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path));

        Assert.Equal(
            [
                "Typing profile 'my-widget': StartValues must list at least one value meaning typing started.",
                "Typing profile 'my-widget': Key must name where the guest id comes from (pointer:/path, route:name, query:name or header:name).",
            ],
            ex.Errors);
    }

    [Fact]
    public async Task Start_SerilogSinkInConfiguration_FailsBecauseItWouldBypassRedaction()
    {
        var config = Config();
        config["Serilog"] = new JsonObject { ["WriteTo"] = new JsonArray(new JsonObject { ["Name"] = "Console" }) };

        var errors = await StartExpectingErrorsAsync(config);

        Assert.Equal(
            ["Serilog:WriteTo is not supported: log output is chosen with Logs:Console and Logs:Format, so that every sink sits behind the redaction of tickets and tokens."],
            errors);
    }

    [Fact]
    public async Task Start_SeveralErrorsAcrossRoutesClustersAndOptions_ListsThemAllAtOnce()
    {
        var cluster = Cluster("not a url");
        var route = Route("missing");
        var config = Config(route: route, cluster: cluster);
        var profiled = Route("echo");
        profiled["Metadata"] = new JsonObject { ["TypingProfile"] = "genesys-typo" };
        ProxyConfig.Routes(config)["r2"] = profiled;
        var hashed = Cluster("http://127.0.0.1:9/");
        hashed["SessionAffinity"] = new JsonObject { ["Enabled"] = true, ["Policy"] = "HashCookie", ["AffinityKeyName"] = "guest" };
        ProxyConfig.Clusters(config)["hashed"] = hashed;

        var errors = await StartExpectingErrorsAsync(config, new Dictionary<string, string?> { ["Redis:Configuration"] = "localhost:6379,noSuchOption=1" });

        Assert.Equal(
            new[]
            {
                "Redis:Configuration is not a valid StackExchange.Redis configuration string.",
                BadAddressError,
                "Route 'r1': ClusterId 'missing' does not name a defined cluster (defined clusters: echo, hashed).",
                UnknownProfileError.Replace("'r1'", "'r2'", StringComparison.Ordinal),
            }.Order(),
            errors.Order());
    }

    [Fact]
    public async Task Start_BadCredentialsConfig_ListsEveryErrorAndNeverEchoesASecret()
    {
        using var directory = TestConfigDirectory.Create();
        var credential = ProxyConfig.Route("echo", "/typing/{conversationId}");
        credential["Metadata"] = new JsonObject { ["Upstream"] = "genesys" };
        var unknown = ProxyConfig.Route("echo", "/other/{guestId}");
        unknown["Metadata"] = new JsonObject { ["Upstream"] = "genesis", ["GuestTicketSubject"] = "guest", ["GuestTicket"] = "Required" };
        var config = Config(route: credential);
        ProxyConfig.Routes(config)["r2"] = unknown;
        directory.Write("proxy.json", config);
        var variable = "TG_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        directory.Write("credentials.json", new JsonObject
        {
            ["Upstreams"] = new JsonObject
            {
                ["genesys"] = new JsonObject { ["TokenUrl"] = "login.example/oauth/token", ["ClientId"] = "c1", ["ClientSecret"] = "inline-secret-value", ["ClientSecretEnv"] = variable },
            },
            ["GuestTickets"] = new JsonObject { ["Keys"] = new JsonObject { ["k1"] = new JsonObject { ["SecretFile"] = "secrets/missing-key" } } },
        });

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path));

        Assert.Equal(
            new[]
            {
                "Upstreams:genesys: TokenUrl 'login.example/oauth/token' is not an absolute http:// or https:// URL.",
                "Upstreams:genesys: ClientSecret is not accepted in configuration (secrets never live in config files); set ClientSecretEnv or ClientSecretFile.",
                $"Upstreams:genesys: the environment variable '{variable}' is not set or empty.",
                $"GuestTickets:Keys:k1: the secret file '{Path.Combine(directory.Path, "secrets", "missing-key")}' does not exist.",
                "Route 'r1': metadata GuestTicketSubject is missing: it injects credentials for upstream 'genesys', so it requires guest tickets; name the route value a ticket is issued for (e.g. conversationId), or set GuestTicket to None.",
                "Route 'r2': metadata Upstream 'genesis' does not name a configured upstream (Upstreams: genesys).",
                "Route 'r2': metadata GuestTicketSubject 'guest' is not a parameter of the route's path '/other/{guestId}'.",
            }.Order().Aggregate((a, b) => a + "\n" + b),
            ex.Errors.Order().Aggregate((a, b) => a + "\n" + b));
        Assert.DoesNotContain("inline-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadRateLimitConfig_ListsEveryError()
    {
        using var directory = TestConfigDirectory.Create();
        var http = ProxyConfig.Route("echo", "/limited/{guestId}");
        http["RateLimiterPolicy"] = "missing-policy";
        var ws = ProxyConfig.Route("echo", "/chat/{**rest}");
        ws["Metadata"] = new JsonObject { ["TypingProfile"] = "cxone-chat", ["RateLimitMessages"] = "nope", ["MaxTextLength"] = "many", ["MaxMessageBytes"] = "0" };
        var config = Config(route: http);
        ProxyConfig.Routes(config)["r2"] = ws;
        directory.Write("proxy.json", config);
        directory.Write("ratelimits.json", new JsonObject
        {
            ["RateLimits"] = new JsonObject
            {
                ["Policies"] = new JsonObject
                {
                    ["p1"] = new JsonObject { ["PermitsPerSecond"] = 0, ["Partition"] = "cookie:x" },
                    ["p2"] = new JsonObject { ["PermitsPerSecond"] = 2, ["Partition"] = "guest", ["Mode"] = "Sometimes" },
                },
            },
        });

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path));

        Assert.Contains("RateLimits:Policies:p1: PermitsPerSecond must be at least 0.001 and at most 1000000 (it is 0).", ex.Errors);
        Assert.Contains("RateLimits:Policies:p1: Partition 'cookie:x' is not valid; use ip, guest, route:<name>, header:<name> or query:<name>.", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("RateLimits:Policies:p2: ", StringComparison.Ordinal) && e.Contains("Sometimes", StringComparison.Ordinal));
        Assert.Contains("Route 'r2': metadata RateLimitMessages 'nope' does not name a rate-limit policy (RateLimits:Policies: p1, p2).", ex.Errors);
        Assert.Contains("Route 'r2': metadata MaxTextLength 'many' must be a whole number of characters, more than 0.", ex.Errors);
        Assert.Contains("Route 'r2': metadata MaxMessageBytes '0' must be a whole number of bytes from 1 to 67108864.", ex.Errors);
        Assert.Contains("Route 'r2': metadata MaxTextLength and AllowedAttachmentTypes apply only to platforms with channel constraints: the route needs TypingProfile 'genesys-webmessaging'.", ex.Errors);
        Assert.Contains(ex.Errors, e => e.Contains("missing-policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_MalformedJsonFile_FailsNamingTheFile()
    {
        using var directory = TestConfigDirectory.Create();
        directory.WriteText("proxy.json", "{ \"ReverseProxy\": { \"Routes\": ");

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("Config file 'proxy.json' could not be read: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingConfigDirectory_FailsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "typinggateway-tests", "does-not-exist-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(missing));

        Assert.Equal([$"The config directory '{missing}' does not exist (set by --config-dir or TYPINGGATEWAY_CONFIG_DIR)."], ex.Errors);
    }

    private static async Task<IReadOnlyList<string>> StartExpectingErrorsAsync(JsonObject proxyConfig, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var directory = TestConfigDirectory.Create();
        directory.Write("proxy.json", proxyConfig);
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(directory.Path, settings));
        return ex.Errors;
    }

    private static JsonObject Config(JsonObject? route = null, JsonObject? cluster = null) => new()
    {
        ["ReverseProxy"] = new JsonObject
        {
            ["Routes"] = new JsonObject { ["r1"] = route ?? Route("echo") },
            ["Clusters"] = new JsonObject { ["echo"] = cluster ?? Cluster("http://127.0.0.1:9/") },
        },
    };

    private static JsonObject Route(string clusterId) => ProxyConfig.Route(clusterId, "/echo/{**rest}");

    private static JsonObject Cluster(string address) => new()
    {
        ["Destinations"] = new JsonObject { ["sim"] = new JsonObject { ["Address"] = address } },
    };
}
