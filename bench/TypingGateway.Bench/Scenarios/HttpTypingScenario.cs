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
    // Enough guests that each stays under the shipped webchat-requests policy (20/s) at the rates this tool reaches
    // (≤ 40,000 POSTs/s: ≤ 14/s per guest), so the suppressed side is the gateway's 202s, not the rate limiter's 429s.
    private const int Guests = 3000;
    private static readonly byte[] _typingOn = Encoding.UTF8.GetBytes("{\"typing\":true}");

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var json = context.Report.Section("http_typing");
        using var client = HttpLoad.CreateClient(settings.HttpConcurrency);
        var gateways = context.Topology.Gateway3 is { } x3 ? new[] { context.Topology.Gateway, x3 } : [context.Topology.Gateway];

        // Suppressed and proxied rounds alternate on each target, so drift on the shared machine hits both sides alike.
        var sides = gateways.SelectMany(t => new[] { Side.Suppressed(t), Side.Proxied(t) }).ToList();
        var unexpected = gateways.ToDictionary(t => t.Name, _ => 0L);
        var median = await ThroughputRounds.RunAsync("http typing", sides, s => s.Name, settings.Rounds, async side =>
        {
            var result = await HttpLoad.RunAsync(client, (w, n) => Post(side.Target, w, side.PathPrefix, n), side.Expected, settings.HttpConcurrency, settings.Warmup, settings.Measure, side.Target.CpuTime, cancellationToken);
            unexpected[side.Target.Name] += result.Unexpected;
            return result;
        });

        // <target>_suppressed_rps, _p50_ms, _p99_ms, _cpu_ms_per_1000, and the same for _proxied.
        ThroughputRounds.Write(json, median, "rps");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var target in gateways)
        {
            var suppressed = median[Side.Suppressed(target).Name];
            var proxied = median[Side.Proxied(target).Name];
            var key = ThroughputRounds.JsonKey(target.Name);
            json[$"{key}_unexpected_responses"] = unexpected[target.Name];
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

            rows.Add([
                target.Name,
                Fmt.Int(suppressed.Latency.PerSecond),
                $"{Fmt.Ms(suppressed.Latency.P50Ms)} / {Fmt.Ms(suppressed.Latency.P99Ms)}",
                Fmt.Ms(suppressed.CpuMsPer1000),
                Fmt.Int(proxied.Latency.PerSecond),
                $"{Fmt.Ms(proxied.Latency.P50Ms)} / {Fmt.Ms(proxied.Latency.P99Ms)}",
                Fmt.Ms(proxied.CpuMsPer1000),
                Fmt.Ratio(speedup),
            ]);
        }

        if (context.Topology.Gateway3Skipped is { } why)
        {
            context.Report.FigureNotMeasured(Figures.HttpTypingSpeedupX3, $"gateway-x3 skipped: {why}");
        }

        json["rounds"] = settings.Rounds;
        context.Report.Heading($"Typing over HTTP: suppressed vs proxied POSTs ({Guests} guests, {settings.HttpConcurrency} concurrent, median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s per side, sides alternating)");
        context.Report.Table(
            ["target", "suppressed req/s", "suppressed p50 / p99 ms", "suppressed server CPU ms / 1,000", "proxied req/s", "proxied p50 / p99 ms", "proxied server CPU ms / 1,000", "suppressed vs proxied"],
            rows);
    }

    private static HttpRequestMessage Post(Target target, int worker, string prefix, long n) =>
        new(HttpMethod.Post, new Uri(target.Address(worker), $"{prefix}/g{((worker * 7919) + n) % Guests}/typing"))
        {
            Content = new ByteArrayContent(_typingOn) { Headers = { { "Content-Type", "application/json" } } },
        };

    /// <summary>One side of the comparison on one target; its name (<c>gateway-suppressed</c>) gives the JSON keys (<c>gateway_suppressed_rps</c>).</summary>
    private sealed record Side(Target Target, string Kind, string PathPrefix, Func<HttpStatusCode, bool> Expected)
    {
        public string Name => $"{Target.Name}-{Kind}";

        public static Side Suppressed(Target target) => new(target, "suppressed", "api/v1/webchat/guests", s => s is HttpStatusCode.Accepted or HttpStatusCode.OK);

        public static Side Proxied(Target target) => new(target, "proxied", "echo/webchat/guests", s => s == HttpStatusCode.OK);
    }
}
