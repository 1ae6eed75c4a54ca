using System.Net;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>Issue 6 item 1: HTTP pass-through (a 200-byte JSON POST to the echo route), gateway vs bare YARP vs direct.</summary>
internal static class HttpPassThroughScenario
{
    private static readonly byte[] _body = Payloads.Note();

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        Target[] targets = [context.Topology.Direct, .. context.Proxies];
        using var client = HttpLoad.CreateClient(settings.HttpConcurrency);
        var rounds = targets.ToDictionary(t => t.Name, _ => new List<RoundResult>());
        long unexpected = 0;
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var target in targets)
            {
                ScenarioContext.Progress($"http: {target.Name}, round {round + 1}/{settings.Rounds}");
                var result = await HttpLoad.RunAsync(client, (worker, _) => Request(target, worker), s => s == HttpStatusCode.OK, settings.HttpConcurrency, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken);
                rounds[target.Name].Add(result);
                unexpected += result.Unexpected;
            }
        }

        var median = rounds.ToDictionary(r => r.Key, r => RoundResult.Median(r.Value));
        var yarp = median[context.Topology.Yarp.Name].Latency;
        var gateway = median[context.Topology.Gateway.Name].Latency;
        var json = context.Report.Section("http");
        json["concurrency"] = settings.HttpConcurrency;
        json["body_bytes"] = _body.Length;
        json["unexpected_responses"] = unexpected;
        foreach (var (name, round) in median)
        {
            var summary = round.Latency;
            var key = JsonKey(name);
            json[$"{key}_rps"] = Fmt.Json(summary.PerSecond, 0);
            json[$"{key}_p50_ms"] = Fmt.Json(summary.P50Ms);
            json[$"{key}_p99_ms"] = Fmt.Json(summary.P99Ms);
            json[$"{key}_cpu_ms_per_1000"] = Fmt.Json(round.CpuMsPer1000);
        }

        var rpsRatio = gateway.PerSecond / yarp.PerSecond;
        var p99Ratio = gateway.P99Ms / yarp.P99Ms;
        json["rps_ratio"] = Fmt.Json(rpsRatio);
        json["p99_ratio"] = Fmt.Json(p99Ratio);
        context.Report.Check("HTTP pass-through ≥ 0.9× bare YARP req/s", $"{Fmt.Ratio(rpsRatio)} ({Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} req/s)", rpsRatio >= 0.9);
        context.Report.Check("HTTP pass-through p99 ≤ 1.2× bare YARP", $"{Fmt.Ratio(p99Ratio)} ({Fmt.Ms(gateway.P99Ms)} vs {Fmt.Ms(yarp.P99Ms)} ms)", p99Ratio <= 1.2);

        context.Report.Heading($"HTTP pass-through (POST {_body.Length} B JSON to /echo, {settings.HttpConcurrency} concurrent, median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(
            ["target", "req/s", "p50 ms", "p99 ms", "req/s vs bare YARP", "server CPU ms / 1,000 requests"],
            median.Select(m => (IReadOnlyList<string>)[m.Key, Fmt.Int(m.Value.Latency.PerSecond), Fmt.Ms(m.Value.Latency.P50Ms), Fmt.Ms(m.Value.Latency.P99Ms), Fmt.Ratio(m.Value.Latency.PerSecond / yarp.PerSecond), Fmt.Ms(m.Value.CpuMsPer1000)]));
        if (unexpected > 0)
        {
            context.Report.Line($"\n{unexpected} responses were not 200 (see the server logs).");
        }
    }

    /// <summary>The JSON key of a target: <c>direct</c>, <c>yarp</c>, <c>gateway</c>, <c>gateway_x3</c>.</summary>
    public static string JsonKey(string targetName) => targetName.Replace('-', '_');

    private static HttpRequestMessage Request(Target target, int worker) => new(HttpMethod.Post, new Uri(target.Address(worker), "echo/bench"))
    {
        Content = new ByteArrayContent(_body) { Headers = { { "Content-Type", "application/json" } } },
    };
}
