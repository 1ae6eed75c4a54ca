using System.Net;
using System.Text;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 5: typing POSTs the gateway answers itself (202, collapsed: 1,000 guests, each
/// inside its start interval after its first POST) vs the same POSTs proxied to the upstream echo.
/// </summary>
internal static class HttpTypingScenario
{
    private const int Guests = 1000;
    private static readonly byte[] _typingOn = Encoding.UTF8.GetBytes("{\"typing\":true}");

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var rows = new List<IReadOnlyList<string>>();
        var json = context.Report.Section("http_typing");
        using var client = HttpLoad.CreateClient(settings.HttpConcurrency);
        var gateways = context.Topology.Gateway3 is { } x3 ? new[] { context.Topology.Gateway, x3 } : [context.Topology.Gateway];
        foreach (var target in gateways)
        {
            ScenarioContext.Progress($"http typing: {target.Name}");
            var suppressed = await HttpLoad.RunAsync(client, (w, n) => Post(target, w, "api/v1/webchat/guests", n), s => s is HttpStatusCode.Accepted or HttpStatusCode.OK, settings.HttpConcurrency, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken);
            var proxied = await HttpLoad.RunAsync(client, (w, n) => Post(target, w, "echo/webchat/guests", n), s => s == HttpStatusCode.OK, settings.HttpConcurrency, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken);
            var key = ThroughputRounds.JsonKey(target.Name);
            json[$"{key}_suppressed_rps"] = Fmt.Json(suppressed.Latency.PerSecond, 0);
            json[$"{key}_suppressed_p50_ms"] = Fmt.Json(suppressed.Latency.P50Ms);
            json[$"{key}_suppressed_p99_ms"] = Fmt.Json(suppressed.Latency.P99Ms);
            json[$"{key}_proxied_rps"] = Fmt.Json(proxied.Latency.PerSecond, 0);
            json[$"{key}_proxied_p50_ms"] = Fmt.Json(proxied.Latency.P50Ms);
            json[$"{key}_proxied_p99_ms"] = Fmt.Json(proxied.Latency.P99Ms);
            json[$"{key}_unexpected_responses"] = suppressed.Unexpected + proxied.Unexpected;
            if (target == context.Topology.Gateway)
            {
                json["suppressed_rps"] = Fmt.Json(suppressed.Latency.PerSecond, 0);
                json["proxied_rps"] = Fmt.Json(proxied.Latency.PerSecond, 0);
            }

            // Closed loop at the same concurrency: the ratio of rates is the inverse ratio of mean answer times.
            var speedup = suppressed.Latency.PerSecond / proxied.Latency.PerSecond;
            json[$"{key}_speedup"] = Fmt.Json(speedup);
            context.Report.Figure(
                target == context.Topology.Gateway ? Figures.HttpTypingSpeedup : Figures.HttpTypingSpeedupX3,
                speedup,
                $"{Fmt.Int(suppressed.Latency.PerSecond)} vs {Fmt.Int(proxied.Latency.PerSecond)} req/s; p50 {Fmt.Ms(suppressed.Latency.P50Ms)} vs {Fmt.Ms(proxied.Latency.P50Ms)} ms");

            rows.Add([target.Name, Fmt.Int(suppressed.Latency.PerSecond), $"{Fmt.Ms(suppressed.Latency.P50Ms)} / {Fmt.Ms(suppressed.Latency.P99Ms)}", Fmt.Int(proxied.Latency.PerSecond), $"{Fmt.Ms(proxied.Latency.P50Ms)} / {Fmt.Ms(proxied.Latency.P99Ms)}", Fmt.Ratio(suppressed.Latency.PerSecond / proxied.Latency.PerSecond)]);
        }

        if (context.Topology.Gateway3Skipped is { } why)
        {
            context.Report.FigureNotMeasured(Figures.HttpTypingSpeedupX3, $"gateway-x3 skipped: {why}");
        }

        context.Report.Heading($"Typing over HTTP: suppressed vs proxied POSTs ({Guests} guests, {settings.HttpConcurrency} concurrent)");
        context.Report.Table(["target", "suppressed req/s", "suppressed p50 / p99 ms", "proxied req/s", "proxied p50 / p99 ms", "suppressed vs proxied"], rows);
    }

    private static HttpRequestMessage Post(Target target, int worker, string prefix, long n) =>
        new(HttpMethod.Post, new Uri(target.Address(worker), $"{prefix}/g{((worker * 7919) + n) % Guests}/typing"))
        {
            Content = new ByteArrayContent(_typingOn) { Headers = { { "Content-Type", "application/json" } } },
        };
}
