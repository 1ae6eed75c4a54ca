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
        var median = await ThroughputRounds.RunAsync("http", context.PassThroughTargets, settings.Rounds, async target =>
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
        context.Report.Figure(Figures.HttpRpsRatio, gateway.PerSecond / yarp.PerSecond, $"{Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} req/s");
        context.Report.Figure(Figures.HttpP99Ratio, gateway.P99Ms / yarp.P99Ms, $"{Fmt.Ms(gateway.P99Ms)} vs {Fmt.Ms(yarp.P99Ms)} ms");
        double? nginxRate = null;
        if (context.Topology.Nginx is { } nginxTarget)
        {
            var nginx = median[nginxTarget.Name].Latency;
            nginxRate = nginx.PerSecond;
            context.Report.Figure(Figures.HttpNginxRpsRatio, gateway.PerSecond / nginx.PerSecond, $"{Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(nginx.PerSecond)} req/s");
            context.Report.Figure(Figures.HttpNginxP99Ratio, gateway.P99Ms / nginx.P99Ms, $"{Fmt.Ms(gateway.P99Ms)} vs {Fmt.Ms(nginx.P99Ms)} ms");
        }

        context.Report.Heading($"HTTP pass-through (POST {_body.Length} B JSON to /echo, {settings.HttpConcurrency} concurrent, median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(ThroughputRounds.Header("req/s", nginxRate is not null, "server CPU ms / 1,000 requests"), ThroughputRounds.Rows(median, yarp.PerSecond, nginxRate));
        if (context.Topology.NginxSkipped is { } why)
        {
            json["nginx_skipped"] = why;
            context.Report.Line($"\nnginx: skipped, {why}.");
        }
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
