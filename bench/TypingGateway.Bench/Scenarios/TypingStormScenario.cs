using System.Diagnostics;
using System.Text.Json.Nodes;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 3: guests typing at 10 keys/s on the Genesys guest route with a text message every
/// 3 s. Upstream typing frames (the simulator's count) against the §3 ideal, Redis round trips per
/// typing frame (the gateway's own metric), message latency vs bare YARP and CPU per 1,000 frames;
/// where a gateway's time goes: its CPU share of the machine and its Redis calls' durations.
/// </summary>
internal static class TypingStormScenario
{
    private const string RedisRoundTrips = "typinggateway_redis_round_trips_total";
    private const string RedisDuration = "typinggateway_redis_duration_seconds";
    private const string RedisOperation = "operation";
    private const string TypingKind = "genesys.typing";

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var results = new List<StormRun>();
        foreach (var target in context.Proxies)
        {
            ScenarioContext.Progress($"typing: {target.Name}, {settings.TypingGuests} guests for {settings.TypingDuration.TotalSeconds:0} s");
            await context.Topology.Simulator.ResetAsync(cancellationToken);
            var isGateway = target != context.Topology.Yarp;
            var before = isGateway ? await MetricsScrape.ReadAsync(context.Control, target.Addresses, cancellationToken) : new MetricsScrape("");
            var cpuBefore = target.CpuTime();
            var started = Stopwatch.GetTimestamp();

            var storm = await new TypingStorm(settings.TypingGuests, settings.TypingDuration)
                .RunAsync(i => target.WebSocketAddress(i, "/genesys/v1?deploymentId=bench"), cancellationToken);

            var cpu = target.CpuTime() - cpuBefore;
            var wall = Stopwatch.GetElapsedTime(started);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // frames still in flight reach the simulator
            var counts = await context.Topology.Simulator.CountsByKindAsync(cancellationToken);
            var after = isGateway ? await MetricsScrape.ReadAsync(context.Control, target.Addresses, cancellationToken) : new MetricsScrape("");
            var redisBefore = before.Histograms(RedisDuration, RedisOperation);
            var redis = after.Histograms(RedisDuration, RedisOperation)
                .Select(h => (Operation: h.Key, Buckets: h.Value.Since(redisBefore.GetValueOrDefault(h.Key) ?? HistogramBuckets.Empty)))
                .Where(h => h.Buckets.Count > 0)
                .OrderBy(h => h.Operation, StringComparer.Ordinal)
                .ToDictionary(h => h.Operation, h => h.Buckets, StringComparer.Ordinal);
            results.Add(new StormRun(
                target,
                storm,
                counts.GetValueOrDefault(TypingKind),
                after.Sum(RedisRoundTrips, IsTypingOperation) - before.Sum(RedisRoundTrips, IsTypingOperation),
                after.Sum(RedisRoundTrips) - before.Sum(RedisRoundTrips),
                cpu,
                wall,
                isGateway ? redis : null));
        }

        Report(context, results);
    }

    private static bool IsTypingOperation(string labels) => labels.Contains("operation=\"typing.", StringComparison.Ordinal);

    private static void Report(ScenarioContext context, List<StormRun> results)
    {
        var settings = context.Settings;
        var yarp = results.Single(r => r.Target == context.Topology.Yarp);
        var json = context.Report.Section("typing");
        json["guests"] = settings.TypingGuests;
        json["keys_per_s"] = 1 / TypingStorm.KeyInterval.TotalSeconds;
        json["duration_s"] = settings.TypingDuration.TotalSeconds;
        foreach (var (target, storm, upstream, typingRoundTrips, allRoundTrips, cpu, _, _) in results)
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

        WriteWhereTimeGoes(json, results);

        // The headline fields: the shared-state deployment when Redis is available, else the single instance.
        var main = results.Last();
        var mainKey = ThroughputRounds.JsonKey(main.Target.Name);
        json["measured_on"] = main.Target.Name;
        json["upstream_frames"] = main.Upstream;
        json["ideal_frames"] = main.Storm.IdealTypingFrames;
        json["redis_round_trips_per_frame"] = null; // set from the figure below when 3 instances ran
        json["added_p50_ms"] = json[$"{mainKey}_added_p50_ms"]!.DeepClone();
        json["added_p99_ms"] = json[$"{mainKey}_added_p99_ms"]!.DeepClone();

        foreach (var (target, storm, upstream, _, _, _, _, _) in results.Where(r => r.Target != context.Topology.Yarp))
        {
            context.Report.Check($"Typing ({target.Name}): upstream typing frames = §3 ideal exactly", $"{Fmt.Int(upstream)} vs ideal {Fmt.Int(storm.IdealTypingFrames)} ({Fmt.Int(storm.TypingSent)} sent)", upstream == storm.IdealTypingFrames);
        }

        if (results.FirstOrDefault(r => r.Target == context.Topology.Gateway3) is { } shared)
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

        ReportWhereTimeGoes(context, results);
    }

    /// <summary><c>cores</c>; per target <c>&lt;target&gt;_cpu_share</c>; per gateway target <c>&lt;target&gt;_redis_ms_by_operation</c>: {operation: {count, p50_ms, p99_ms}}.</summary>
    private static void WriteWhereTimeGoes(JsonObject json, List<StormRun> results)
    {
        json["cores"] = Environment.ProcessorCount;
        foreach (var run in results)
        {
            var key = ThroughputRounds.JsonKey(run.Target.Name);
            json[$"{key}_cpu_share"] = Fmt.Json(run.CpuShare);
            if (run.RedisByOperation is { } redis)
            {
                var byOperation = new JsonObject();
                foreach (var (operation, buckets) in redis)
                {
                    byOperation[operation] = new JsonObject
                    {
                        ["count"] = (long)buckets.Count,
                        ["p50_ms"] = Fmt.Json(buckets.Quantile(0.5) * 1000),
                        ["p99_ms"] = Fmt.Json(buckets.Quantile(0.99) * 1000),
                    };
                }

                json[$"{key}_redis_ms_by_operation"] = byOperation;
            }
        }
    }

    /// <summary>Under the typing table: per target its CPU share, and per Redis operation its round trips and estimated p50 / p99.</summary>
    private static void ReportWhereTimeGoes(ScenarioContext context, List<StormRun> results)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in results)
        {
            var share = Fmt.Percent(run.CpuShare);
            if (run.RedisByOperation is not { Count: > 0 } redis)
            {
                rows.Add([run.Target.Name, share, run.RedisByOperation is null ? "—" : "none (in-memory)", "", "", ""]);
                continue;
            }

            foreach (var (operation, buckets) in redis)
            {
                rows.Add([run.Target.Name, share, operation, Fmt.Int(buckets.Count), Fmt.Ms(buckets.Quantile(0.5) * 1000), Fmt.Ms(buckets.Quantile(0.99) * 1000)]);
                share = "";
            }
        }

        context.Report.Line($"\nWhere the time goes during the storm: the server processes' CPU time over the storm's wall time × {Environment.ProcessorCount} cores, and the gateways' Redis calls by operation (`{RedisDuration}`, summed over instances; p50 / p99 estimated from the bucket deltas as `histogram_quantile` does).\n");
        context.Report.Table(["target", $"server CPU share of {Environment.ProcessorCount} cores", "Redis operation", "round trips", "p50 ms", "p99 ms"], rows);
    }

    /// <summary>One target's storm and what was read around it.</summary>
    /// <param name="RedisByOperation">The gateway's Redis call durations during the storm by operation (over its instances); null for bare YARP.</param>
    private sealed record StormRun(
        Target Target,
        TypingStormResult Storm,
        long Upstream,
        double TypingRoundTrips,
        double AllRoundTrips,
        TimeSpan Cpu,
        TimeSpan Wall,
        IReadOnlyDictionary<string, HistogramBuckets>? RedisByOperation)
    {
        /// <summary>CPU seconds / (wall seconds × cores): the share of the machine the target's processes used.</summary>
        public double CpuShare => Cpu.TotalSeconds / (Wall.TotalSeconds * Environment.ProcessorCount);
    }
}
