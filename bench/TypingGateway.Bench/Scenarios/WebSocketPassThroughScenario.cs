using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 2: 200-byte messages over 50 connections on a typing route (tutorial-chat, a JSON
/// typing profile) carrying no typing, so every frame is inspected and passed; direct goes to the
/// simulator's echo socket the route leads to.
/// </summary>
internal static class WebSocketPassThroughScenario
{
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var message = Payloads.Note();
        Target[] targets = [context.Topology.Direct, .. context.Proxies];
        var rounds = targets.ToDictionary(t => t.Name, _ => new List<RoundResult>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var target in targets)
            {
                ScenarioContext.Progress($"ws: {target.Name}, round {round + 1}/{settings.Rounds}");
                var prefix = target == context.Topology.Direct ? "/ws" : "/chat";
                var endpoints = Enumerable.Range(0, BenchSettings.WebSocketConnections).Select(i => target.WebSocketAddress(i, $"{prefix}/bench-{i}")).ToList();
                rounds[target.Name].Add(await WebSocketEchoLoad.RunAsync(endpoints, message, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken));
            }
        }

        var median = rounds.ToDictionary(r => r.Key, r => RoundResult.Median(r.Value));
        var yarp = median[context.Topology.Yarp.Name].Latency;
        var gateway = median[context.Topology.Gateway.Name].Latency;
        var json = context.Report.Section("ws");
        json["connections"] = BenchSettings.WebSocketConnections;
        json["message_bytes"] = message.Length;
        foreach (var (name, round) in median)
        {
            var summary = round.Latency;
            var key = HttpPassThroughScenario.JsonKey(name);
            json[$"{key}_msgs_per_s"] = Fmt.Json(summary.PerSecond, 0);
            json[$"{key}_p50_ms"] = Fmt.Json(summary.P50Ms);
            json[$"{key}_p99_ms"] = Fmt.Json(summary.P99Ms);
            json[$"{key}_cpu_ms_per_1000"] = Fmt.Json(round.CpuMsPer1000);
        }

        var ratio = gateway.PerSecond / yarp.PerSecond;
        json["msgs_ratio"] = Fmt.Json(ratio);
        context.Report.Check("WebSocket pass-through ≥ 0.8× bare YARP messages/s", $"{Fmt.Ratio(ratio)} ({Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} msg/s)", ratio >= 0.8);

        context.Report.Heading($"WebSocket pass-through ({message.Length} B text messages, echo round trips over {BenchSettings.WebSocketConnections} connections on a typing route, no typing; median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(
            ["target", "messages/s", "p50 round trip ms", "p99 round trip ms", "messages/s vs bare YARP", "server CPU ms / 1,000 messages"],
            median.Select(m => (IReadOnlyList<string>)[m.Key, Fmt.Int(m.Value.Latency.PerSecond), Fmt.Ms(m.Value.Latency.P50Ms), Fmt.Ms(m.Value.Latency.P99Ms), Fmt.Ratio(m.Value.Latency.PerSecond / yarp.PerSecond), Fmt.Ms(m.Value.CpuMsPer1000)]));
    }
}
