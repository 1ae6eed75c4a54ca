using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using StackExchange.Redis;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Affinity;

/// <summary>
/// YARP session affinity behind two gateway replicas sharing Redis: the affinity cookie one instance
/// sets is honoured by the other (for <c>Cookie</c> that needs the shared Data Protection key ring).
/// The cluster balances round-robin, so a cookie the second instance could not read would alternate.
/// </summary>
[Trait("Area", "Affinity")]
[Collection(RedisCollection.Name)]
public sealed class CookieAffinityAcrossInstancesTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string CookieName = "tg-affinity";
    private const string SecretVariable = "TYPINGGATEWAY_TEST_DATAPROTECTION_SECRET";
    private const int XmlKeyManagerNoEncryptorEventId = 35;
    private const string XmlKeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";
    private const int KeysUnencryptedEventId = 1107;

    private readonly string _keyPrefix = "affinity-" + Guid.NewGuid().ToString("N");
    private NamedDestination _a = null!;
    private NamedDestination _b = null!;
    private TestConfigDirectory _config = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(SecretVariable, "an affinity test secret of more than 32 bytes");
        _a = await NamedDestination.StartAsync("dest-a");
        _b = await NamedDestination.StartAsync("dest-b");
        _config = TestConfigDirectory.Create();
    }

    public async Task DisposeAsync()
    {
        _config.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Theory]
    [InlineData("Cookie")]
    [InlineData("HashCookie")]
    public async Task AffinityCookie_FromInstanceA_SendsInstanceBToTheSameDestination(string policy)
    {
        WriteAffinityConfig(policy);
        await using var gateways = await GatewayCluster.StartAsync(_config.Path, 2, redis.Configuration, Settings(withSecret: true));

        var (first, cookie) = await FirstRequestAsync(gateways[0]);
        var seenOnB = await RequestsWithCookieAsync(gateways[1], cookie, 10);

        Assert.Equal(Enumerable.Repeat(first, 10), seenOnB);
        Assert.DoesNotContain(AllLogs(gateways), e => e.Category == XmlKeyManagerCategory && e.EventId.Id == XmlKeyManagerNoEncryptorEventId);
        Assert.DoesNotContain(AllLogs(gateways), e => e.EventId.Id == KeysUnencryptedEventId);
        Assert.DoesNotContain(AllLogs(gateways), e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task KeyRing_WithSecret_IsStoredEncryptedInRedisUnderThePrefix()
    {
        WriteAffinityConfig("Cookie");
        await using var gateways = await GatewayCluster.StartAsync(_config.Path, 2, redis.Configuration, Settings(withSecret: true));
        _ = await FirstRequestAsync(gateways[0]);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var stored = await connection.GetDatabase().ListRangeAsync($"{_keyPrefix}:dataprotection-keys");

        var key = Assert.Single(stored).ToString();
        var keyId = Guid.Parse(XElement.Parse(key).Attribute("id")!.Value);
        foreach (var gateway in gateways.Instances)
        {
            var keys = gateway.Services.GetRequiredService<IKeyManager>().GetAllKeys();
            Assert.Equal([keyId], keys.Select(k => k.KeyId));
        }

        Assert.Contains("urn:typinggateway:dataprotection:v1", key, StringComparison.Ordinal);
        Assert.Contains("TypingGateway.DataProtection.SecretXmlDecryptor", key, StringComparison.Ordinal);
        // Data Protection replaces the element that must be encrypted (the master key) by <encryptedSecret>.
        Assert.DoesNotContain(XElement.Parse(key).Descendants(), e => e.Name.LocalName == "masterKey");
    }

    [Fact]
    public async Task CookieAffinity_WithoutSecret_StillShared_AndEachInstanceWarnsOnce()
    {
        WriteAffinityConfig("Cookie");
        await using var gateways = await GatewayCluster.StartAsync(_config.Path, 2, redis.Configuration, Settings(withSecret: false));

        var (first, cookie) = await FirstRequestAsync(gateways[0]);
        var seenOnB = await RequestsWithCookieAsync(gateways[1], cookie, 10);

        Assert.Equal(Enumerable.Repeat(first, 10), seenOnB);
        // What the secret prevents (and the test with a secret checks is absent): Data Protection's own warning.
        Assert.Contains(AllLogs(gateways), e => e.Category == XmlKeyManagerCategory && e.EventId.Id == XmlKeyManagerNoEncryptorEventId);
        foreach (var gateway in gateways.Instances)
        {
            var warning = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == KeysUnencryptedEventId);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains($"'{_keyPrefix}:dataprotection-keys'", warning.Message, StringComparison.Ordinal);
        }
    }

    private Dictionary<string, string?> Settings(bool withSecret)
    {
        var settings = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = _keyPrefix };
        if (withSecret)
        {
            settings["DataProtection:KeyEncryptionSecretEnv"] = SecretVariable;
        }

        return settings;
    }

    private void WriteAffinityConfig(string policy)
    {
        var config = ProxyConfig.Standard(_a.Address);
        ProxyConfig.Routes(config)["sticky"] = ProxyConfig.Route("sticky", "/sticky/{**rest}");
        ProxyConfig.Clusters(config)["sticky"] = new JsonObject
        {
            ["LoadBalancingPolicy"] = "RoundRobin",
            ["SessionAffinity"] = new JsonObject { ["Enabled"] = true, ["Policy"] = policy, ["AffinityKeyName"] = CookieName },
            ["Destinations"] = new JsonObject
            {
                [_a.Name] = new JsonObject { ["Address"] = _a.Address.ToString() },
                [_b.Name] = new JsonObject { ["Address"] = _b.Address.ToString() },
            },
        };
        _config.Write("proxy.json", config);
    }

    private static async Task<(string Destination, string Cookie)> FirstRequestAsync(GatewayHost gateway)
    {
        using var client = NoCookieClient(gateway);
        using var response = await client.GetAsync("/sticky/x");
        response.EnsureSuccessStatusCode();
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return (await response.Content.ReadAsStringAsync(), setCookie.Split(';')[0]);
    }

    private static async Task<List<string>> RequestsWithCookieAsync(GatewayHost gateway, string cookie, int count)
    {
        using var client = NoCookieClient(gateway);
        var seen = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sticky/x");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            seen.Add(await response.Content.ReadAsStringAsync());
        }

        return seen;
    }

    private static HttpClient NoCookieClient(GatewayHost gateway) =>
        new(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private static IEnumerable<CapturedLog> AllLogs(GatewayCluster gateways) => gateways.Instances.SelectMany(g => g.Logs.Entries);
}
