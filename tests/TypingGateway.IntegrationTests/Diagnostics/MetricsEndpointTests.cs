using System.Net;
using System.Text.RegularExpressions;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Diagnostics;

[Trait("Area", "Diagnostics")]
public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_PrometheusTextFormat_IncludesGatewayAndHttpInstruments()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.ForUpstream(simulator.BaseAddress);
        await using var gateway = await GatewayHost.StartAsync(config.Path);
        using var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/echo/metrics-probe")).StatusCode);
        config.Write("proxy.json", ProxyConfig.Standard(simulator.BaseAddress)); // one reload to count
        await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1002, TimeSpan.FromSeconds(15));

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE typinggateway_config_reloads_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("typinggateway_config_reloads_total{result=\"applied\",stage=\"files\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""200""[^}]*http_route=""/echo/\{\*\*rest\}""[^}]*\} 1\n", text);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.StartsWith('#') || SampleLine().IsMatch(line), $"Not a valid exposition line: {line}");
        }
    }

    [Fact]
    public async Task Metrics_TwoInstancesInOneProcess_EachReportsOnlyItsOwn()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var configA = TestConfigDirectory.ForUpstream(simulator.BaseAddress);
        using var configB = TestConfigDirectory.ForUpstream(simulator.BaseAddress);
        await using var a = await GatewayHost.StartAsync(configA.Path);
        await using var b = await GatewayHost.StartAsync(configB.Path);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        configA.Write("proxy.json", ProxyConfig.Standard(simulator.BaseAddress));
        await a.Logs.WaitForAsync(e => e.EventId.Id == 1002, TimeSpan.FromSeconds(15));

        Assert.Contains("typinggateway_config_reloads_total{result=\"applied\",stage=\"files\"} 1\n", await clientA.GetStringAsync("/metrics"), StringComparison.Ordinal);
        // B lists the instrument (every instrument is listed before its first sample) but has no sample of A's reload.
        var metricsB = await clientB.GetStringAsync("/metrics");
        Assert.Contains("# TYPE typinggateway_config_reloads_total counter\n", metricsB, StringComparison.Ordinal);
        Assert.DoesNotContain("typinggateway_config_reloads_total{", metricsB, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Default_IncludesProcessRuntimeMetrics()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.ForUpstream(simulator.BaseAddress);
        await using var gateway = await GatewayHost.StartAsync(config.Path);
        using var client = gateway.CreateClient();

        var text = await client.GetStringAsync("/metrics");

        // The process-wide System.Runtime meter (GC heap, working set, CPU): what capacity planning and the benchmark read.
        Assert.Matches(@"dotnet_gc_last_collection_heap_size_bytes\{gc_heap_generation=""gen0""\} [0-9]", text);
        Assert.Matches(@"dotnet_process_memory_working_set_bytes [1-9][0-9]*\n", text);
        Assert.Contains("# TYPE dotnet_process_cpu_time_seconds_total counter\n", text, StringComparison.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.StartsWith('#') || SampleLine().IsMatch(line), $"Not a valid exposition line: {line}");
        }
    }

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$")]
    private static partial Regex SampleLine();
}
