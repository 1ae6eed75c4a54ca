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
        var median = await ThroughputRounds.RunAsync("ws", [context.Topology.Direct, .. context.Proxies], settings.Rounds, target =>
        {
            var prefix = target == context.Topology.Direct ? "/ws" : "/chat";
            var endpoints = Enumerable.Range(0, BenchSettings.WebSocketConnections).Select(i => target.WebSocketAddress(i, $"{prefix}/bench-{i}")).ToList();
            return WebSocketEchoLoad.RunAsync(endpoints, message, settings.Warmup, settings.Measure, target.CpuTime, cancellationToken);
        });

        var yarp = median[context.Topology.Yarp.Name].Latency;
        var gateway = median[context.Topology.Gateway.Name].Latency;
        var json = context.Report.Section("ws");
        json["connections"] = BenchSettings.WebSocketConnections;
        json["message_bytes"] = message.Length;
        ThroughputRounds.Write(json, median, "msgs_per_s");
        var ratio = gateway.PerSecond / yarp.PerSecond;
        json["msgs_ratio"] = Fmt.Json(ratio);
        context.Report.Check("WebSocket pass-through ≥ 0.8× bare YARP messages/s", $"{Fmt.Ratio(ratio)} ({Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} msg/s)", ratio >= 0.8);

        context.Report.Heading($"WebSocket pass-through ({message.Length} B text messages, echo round trips over {BenchSettings.WebSocketConnections} connections on a typing route, no typing; median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(["target", "messages/s", "p50 round trip ms", "p99 round trip ms", "messages/s vs bare YARP", "server CPU ms / 1,000 messages"], ThroughputRounds.Rows(median, yarp.PerSecond));
    }
}
