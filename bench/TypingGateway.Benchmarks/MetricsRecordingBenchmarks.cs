using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TypingGateway.Diagnostics;
using TypingGateway.Diagnostics.Prometheus;

namespace TypingGateway.Benchmarks;

/// <summary>
/// One measurement on the gateway's busiest instrument (<c>typinggateway.typing.frames</c>, a counter with three
/// tags, recorded for every typing frame) with no listener, with the hand-written Prometheus collector behind
/// <c>/metrics</c>, and with an OpenTelemetry MeterProvider as the gateway builds it when OTLP is on (OTLP
/// exporter, periodic reader; the export interval is an hour, so only recording is measured). Decision 0010.
/// Each benchmark sets up only its own listener: MeterListeners are process-wide, and quick mode runs all three
/// in one process.
/// </summary>
[MemoryDiagnoser]
public class MetricsRecordingBenchmarks
{
    private const string Profile = "genesys-webmessaging";
    private static readonly TypingGateway.Proxy.RouteMode _route = new("genesys-guest", shadow: false);
    private const string Signal = "start";
    private const string Result = "suppressed";

    private ServiceProvider _services = null!;
    private GatewayMetrics _metrics = null!;
    private PrometheusCollector? _collector;
    private MeterProvider? _openTelemetry;

    [GlobalSetup(Target = nameof(NoListener))]
    public void SetupNoListener() => _metrics = CreateMetrics();

    [GlobalSetup(Target = nameof(PrometheusCollector))]
    public void SetupPrometheusCollector()
    {
        _metrics = CreateMetrics();
        _collector = new PrometheusCollector(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Options.Create(new MetricsOptions()));
    }

    [GlobalSetup(Target = nameof(OpenTelemetryMeterProvider))]
    public void SetupOpenTelemetry()
    {
        _metrics = CreateMetrics();
        _openTelemetry = Sdk.CreateMeterProviderBuilder()
            .AddMeter(GatewayMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri("http://127.0.0.1:4317");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _openTelemetry?.Dispose();
        _collector?.Dispose();
        _services.Dispose();
        (_openTelemetry, _collector) = (null, null);
    }

    [Benchmark(Baseline = true)]
    public void NoListener() => _metrics.TypingFrame(_route, Profile, Signal, Result);

    [Benchmark]
    public void PrometheusCollector() => _metrics.TypingFrame(_route, Profile, Signal, Result);

    [Benchmark]
    public void OpenTelemetryMeterProvider() => _metrics.TypingFrame(_route, Profile, Signal, Result);

    private GatewayMetrics CreateMetrics()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new GatewayMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }
}
