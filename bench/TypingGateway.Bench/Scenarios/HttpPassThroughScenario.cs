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
        using var client = HttpLoad.CreateClient(settings.HttpConcurrency);
        long unexpected = 0;
        var median = await ThroughputRounds.RunAsync("http", [context.Topology.Direct, .. context.Proxies], settings.Rounds, async target =>
        {
            var result = await HttpLoad.RunAsync(client, (worker, _) => Request(target, worker), s => s == HttpStatusCode.OK, settings.HttpConcurrency, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken);
            unexpected += result.Unexpected;
            return result;
        });

        var yarp = median[context.Topology.Yarp.Name].Latency;
        var gateway = median[context.Topology.Gateway.Name].Latency;
        var json = context.Report.Section("http");
        json["concurrency"] = settings.HttpConcurrency;
        json["body_bytes"] = _body.Length;
        json["unexpected_responses"] = unexpected;
        ThroughputRounds.Write(json, median, "rps");
        var rpsRatio = gateway.PerSecond / yarp.PerSecond;
        var p99Ratio = gateway.P99Ms / yarp.P99Ms;
        json["rps_ratio"] = Fmt.Json(rpsRatio);
        json["p99_ratio"] = Fmt.Json(p99Ratio);
        context.Report.Check("HTTP pass-through ≥ 0.9× bare YARP req/s", $"{Fmt.Ratio(rpsRatio)} ({Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} req/s)", rpsRatio >= 0.9);
        context.Report.Check("HTTP pass-through p99 ≤ 1.2× bare YARP", $"{Fmt.Ratio(p99Ratio)} ({Fmt.Ms(gateway.P99Ms)} vs {Fmt.Ms(yarp.P99Ms)} ms)", p99Ratio <= 1.2);

        context.Report.Heading($"HTTP pass-through (POST {_body.Length} B JSON to /echo, {settings.HttpConcurrency} concurrent, median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(["target", "req/s", "p50 ms", "p99 ms", "req/s vs bare YARP", "server CPU ms / 1,000 requests"], ThroughputRounds.Rows(median, yarp.PerSecond));
        if (unexpected > 0)
        {
            context.Report.Line($"\n{unexpected} responses were not 200 (see the server logs).");
        }
    }

    private static HttpRequestMessage Request(Target target, int worker) => new(HttpMethod.Post, new Uri(target.Address(worker), "echo/bench"))
    {
        Content = new ByteArrayContent(_body) { Headers = { { "Content-Type", "application/json" } } },
    };
}
