using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Diagnostics;

[Trait("Area", "Diagnostics")]
[Collection(RedisCollection.Name)]
public sealed class HealthEndpointTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Live_AlwaysHealthy()
    {
        using var config = TestConfigDirectory.ForUpstream(new Uri("http://127.0.0.1:9/"));
        await using var gateway = await GatewayHost.StartAsync(config.Path);
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\",\"checks\":{}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_SingleInstanceMode_HealthyAndSaysSo()
    {
        using var config = TestConfigDirectory.ForUpstream(new Uri("http://127.0.0.1:9/"));
        await using var gateway = await GatewayHost.StartAsync(config.Path);
        using var client = gateway.CreateClient();

        var body = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;

        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Equal("Single-instance mode: no Redis configured.", body["checks"]!["redis"]!["description"]!.GetValue<string>());
        Assert.Contains(gateway.Logs.GetSnapshot(), e => e.Id.Id == 1101 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Ready_RedisStoppedAndRestarted_DegradedThenHealthyWithoutRestart()
    {
        using var config = TestConfigDirectory.ForUpstream(new Uri("http://127.0.0.1:9/"));
        await using var gateway = await GatewayHost.StartAsync(config.Path, new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();
        Assert.Equal("Healthy", await Readiness.CheckStatusAsync(client, "redis"));

        await redis.StopAsync();
        try
        {
            await Wait.UntilAsync(async () => await Readiness.CheckStatusAsync(client, "redis") == "Degraded", TimeSpan.FromSeconds(15), "readiness reports Redis degraded");
            var response = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // degraded still serves traffic
        }
        finally
        {
            await redis.RestartAsync();
        }

        await Wait.UntilAsync(async () => await Readiness.CheckStatusAsync(client, "redis") == "Healthy", TimeSpan.FromSeconds(30), "readiness reports Redis healthy again");
    }
}
