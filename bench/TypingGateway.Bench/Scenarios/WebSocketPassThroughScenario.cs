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
        var median = await ThroughputRounds.RunAsync("ws", context.PassThroughTargets, settings.Rounds, target =>
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
        context.Report.Figure(Figures.WsMsgsRatio, gateway.PerSecond / yarp.PerSecond, $"{Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(yarp.PerSecond)} msg/s");
        double? nginxRate = null;
        if (context.Topology.Nginx is { } nginxTarget)
        {
            nginxRate = median[nginxTarget.Name].Latency.PerSecond;
            context.Report.Figure(Figures.WsNginxMsgsRatio, gateway.PerSecond / nginxRate.Value, $"{Fmt.Int(gateway.PerSecond)} vs {Fmt.Int(nginxRate.Value)} msg/s");
        }

        context.Report.Heading($"WebSocket pass-through ({message.Length} B text messages, echo round trips over {BenchSettings.WebSocketConnections} connections on a typing route, no typing; median of {settings.Rounds} × {settings.Measure.TotalSeconds:0} s)");
        context.Report.Table(ThroughputRounds.Header("messages/s", nginxRate is not null, "server CPU ms / 1,000 messages", "round trip "), ThroughputRounds.Rows(median, yarp.PerSecond, nginxRate));
        if (context.Topology.NginxSkipped is { } why)
        {
            json["nginx_skipped"] = why;
            context.Report.Line($"\nnginx: skipped, {why}.");
        }
    }
}
