using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 3: guests typing at 10 keys/s on the Genesys guest route with a text message every
/// 3 s. Upstream typing frames (the simulator's count) against the §3 ideal, Redis round trips per
/// typing frame (the gateway's own metric), message latency vs bare YARP and CPU per 1,000 frames.
/// </summary>
internal static class TypingStormScenario
{
    private const string RedisRoundTrips = "typinggateway_redis_round_trips_total";
    private const string TypingKind = "genesys.typing";

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var results = new List<(Target Target, TypingStormResult Storm, long Upstream, double TypingRoundTrips, double AllRoundTrips, TimeSpan Cpu)>();
        foreach (var target in context.Proxies)
        {
            ScenarioContext.Progress($"typing: {target.Name}, {settings.TypingGuests} guests for {settings.TypingDuration.TotalSeconds:0} s");
            await context.Topology.Simulator.ResetAsync(cancellationToken);
            var isGateway = target != context.Topology.Yarp;
            var typingBefore = isGateway ? await MetricsScrape.SumAsync(context.Control, target.Addresses, RedisRoundTrips, IsTypingOperation, cancellationToken) : 0;
            var allBefore = isGateway ? await MetricsScrape.SumAsync(context.Control, target.Addresses, RedisRoundTrips, null, cancellationToken) : 0;
            var cpuBefore = target.CpuTime();

            var storm = await new TypingStorm(settings.TypingGuests, settings.TypingDuration)
                .RunAsync(i => target.WebSocketAddress(i, "/genesys/v1?deploymentId=bench"), cancellationToken);

            var cpu = target.CpuTime() - cpuBefore;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // frames still in flight reach the simulator
            var counts = await context.Topology.Simulator.CountsByKindAsync(cancellationToken);
            var typingAfter = isGateway ? await MetricsScrape.SumAsync(context.Control, target.Addresses, RedisRoundTrips, IsTypingOperation, cancellationToken) : 0;
            var allAfter = isGateway ? await MetricsScrape.SumAsync(context.Control, target.Addresses, RedisRoundTrips, null, cancellationToken) : 0;
            results.Add((target, storm, counts.GetValueOrDefault(TypingKind), typingAfter - typingBefore, allAfter - allBefore, cpu));
        }

        Report(context, results);
    }

    private static bool IsTypingOperation(string labels) => labels.Contains("operation=\"typing.", StringComparison.Ordinal);

    private static void Report(ScenarioContext context, List<(Target Target, TypingStormResult Storm, long Upstream, double TypingRoundTrips, double AllRoundTrips, TimeSpan Cpu)> results)
    {
        var settings = context.Settings;
        var yarp = results.Single(r => r.Target == context.Topology.Yarp);
        var json = context.Report.Section("typing");
        json["guests"] = settings.TypingGuests;
        json["keys_per_s"] = 1 / TypingStorm.KeyInterval.TotalSeconds;
        json["duration_s"] = settings.TypingDuration.TotalSeconds;
        foreach (var (target, storm, upstream, typingRoundTrips, allRoundTrips, cpu) in results)
        {
            var key = ThroughputRounds.JsonKey(target.Name);
            var frames = storm.TypingSent + storm.MessagesSent;
            json[$"{key}_typing_sent"] = storm.TypingSent;
            json[$"{key}_messages_sent"] = storm.MessagesSent;
            json[$"{key}_upstream_frames"] = upstream;
            json[$"{key}_ideal_frames"] = storm.IdealTypingFrames;
            json[$"{key}_messages_rejected_by_platform"] = storm.MessagesRejected;
            json[$"{key}_messages_unanswered"] = storm.MessagesSent - storm.MessagesAnswered;
            json[$"{key}_message_p50_ms"] = Fmt.Json(storm.MessageLatency.P50Ms);
            json[$"{key}_message_p99_ms"] = Fmt.Json(storm.MessageLatency.P99Ms);
            json[$"{key}_cpu_ms_per_1000_frames"] = Fmt.Json(cpu.TotalMilliseconds / (frames / 1000.0));
            if (target != context.Topology.Yarp)
            {
                json[$"{key}_redis_round_trips_per_frame"] = Fmt.Json(typingRoundTrips / storm.TypingSent, 4);
                json[$"{key}_redis_round_trips_all_per_frame"] = Fmt.Json(allRoundTrips / storm.TypingSent, 4);
                json[$"{key}_added_p50_ms"] = Fmt.Json(storm.MessageLatency.P50Ms - yarp.Storm.MessageLatency.P50Ms);
                json[$"{key}_added_p99_ms"] = Fmt.Json(storm.MessageLatency.P99Ms - yarp.Storm.MessageLatency.P99Ms);
            }
        }

        // The headline fields: the shared-state deployment when Redis is available, else the single instance.
        var main = results.Last();
        var mainKey = ThroughputRounds.JsonKey(main.Target.Name);
        json["measured_on"] = main.Target.Name;
        json["upstream_frames"] = main.Upstream;
        json["ideal_frames"] = main.Storm.IdealTypingFrames;
        json["redis_round_trips_per_frame"] = null; // set from the figure below when 3 instances ran
        json["added_p50_ms"] = json[$"{mainKey}_added_p50_ms"]!.DeepClone();
        json["added_p99_ms"] = json[$"{mainKey}_added_p99_ms"]!.DeepClone();

        foreach (var (target, storm, upstream, _, _, _) in results.Where(r => r.Target != context.Topology.Yarp))
        {
            context.Report.Check($"Typing ({target.Name}): upstream typing frames = §3 ideal exactly", $"{Fmt.Int(upstream)} vs ideal {Fmt.Int(storm.IdealTypingFrames)} ({Fmt.Int(storm.TypingSent)} sent)", upstream == storm.IdealTypingFrames);
        }

        if (results.FirstOrDefault(r => r.Target == context.Topology.Gateway3) is { Target: not null } shared)
        {
            var single = results.Single(r => r.Target == context.Topology.Gateway);
            context.Report.Figure(Figures.TypingRedisRoundTrips, shared.TypingRoundTrips / shared.Storm.TypingSent, $"{Fmt.Int(shared.TypingRoundTrips)} typing round trips for {Fmt.Int(shared.Storm.TypingSent)} frames");
            context.Report.Figure(Figures.TypingP99X3OverX1, shared.Storm.MessageLatency.P99Ms / single.Storm.MessageLatency.P99Ms, $"{Fmt.Ms(shared.Storm.MessageLatency.P99Ms)} vs {Fmt.Ms(single.Storm.MessageLatency.P99Ms)} ms");
        }
        else
        {
            var why = $"gateway-x3 skipped: {context.Topology.Gateway3Skipped ?? "not run"}";
            context.Report.FigureNotMeasured(Figures.TypingRedisRoundTrips, why);
            context.Report.FigureNotMeasured(Figures.TypingP99X3OverX1, why);
        }

        context.Report.Heading($"Typing storm ({settings.TypingGuests} Genesys guests, 10 keys/s in 2.5 s bursts, a text message every 3 s, {settings.TypingDuration.TotalSeconds:0} s)");
        context.Report.Table(
            ["target", "typing sent", "typing upstream", "ideal (§3)", "Redis round trips / typing frame", "messages rejected by the platform (429)", "message p50 / p99 ms", "added p50 / p99 ms vs YARP", "CPU ms / 1,000 frames"],
            results.Select(r => (IReadOnlyList<string>)[
                r.Target.Name,
                Fmt.Int(r.Storm.TypingSent),
                Fmt.Int(r.Upstream),
                Fmt.Int(r.Storm.IdealTypingFrames),
                r.Target == context.Topology.Gateway3 ? (r.TypingRoundTrips / r.Storm.TypingSent).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : r.Target == context.Topology.Yarp ? "—" : "0 (in-memory)",
                $"{Fmt.Int(r.Storm.MessagesRejected)} of {Fmt.Int(r.Storm.MessagesSent)}",
                $"{Fmt.Ms(r.Storm.MessageLatency.P50Ms)} / {Fmt.Ms(r.Storm.MessageLatency.P99Ms)}",
                r.Target == context.Topology.Yarp ? "—" : $"{Fmt.Ms(r.Storm.MessageLatency.P50Ms - yarp.Storm.MessageLatency.P50Ms)} / {Fmt.Ms(r.Storm.MessageLatency.P99Ms - yarp.Storm.MessageLatency.P99Ms)}",
                Fmt.Ms(r.Cpu.TotalMilliseconds / ((r.Storm.TypingSent + r.Storm.MessagesSent) / 1000.0)),
            ]));
    }
}
