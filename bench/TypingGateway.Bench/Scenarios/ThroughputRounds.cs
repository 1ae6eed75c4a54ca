using System.Text.Json.Nodes;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// The throughput scenarios' shared shape: rounds interleaved across targets (so drift on a shared
/// machine hits all alike), the median round per target, and its figures in JSON and the table.
/// </summary>
internal static class ThroughputRounds
{
    public static async Task<IReadOnlyDictionary<string, RoundResult>> RunAsync(string scenario, IReadOnlyList<Target> targets, int rounds, Func<Target, Task<RoundResult>> runRound)
    {
        var results = targets.ToDictionary(t => t.Name, _ => new List<RoundResult>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in targets)
            {
                ScenarioContext.Progress($"{scenario}: {target.Name}, round {round + 1}/{rounds}");
                results[target.Name].Add(await runRound(target));
            }
        }

        return targets.ToDictionary(t => t.Name, t => RoundResult.Median(results[t.Name]));
    }

    /// <summary>Per target: <c>&lt;target&gt;_&lt;rateName&gt;</c>, <c>_p50_ms</c>, <c>_p99_ms</c>, <c>_cpu_ms_per_1000</c>.</summary>
    public static void Write(JsonObject json, IReadOnlyDictionary<string, RoundResult> medians, string rateName)
    {
        foreach (var (name, round) in medians)
        {
            var key = JsonKey(name);
            json[$"{key}_{rateName}"] = Fmt.Json(round.Latency.PerSecond, 0);
            json[$"{key}_p50_ms"] = Fmt.Json(round.Latency.P50Ms);
            json[$"{key}_p99_ms"] = Fmt.Json(round.Latency.P99Ms);
            json[$"{key}_cpu_ms_per_1000"] = Fmt.Json(round.CpuMsPer1000);
        }
    }

    /// <summary>The header of <see cref="Rows"/>: a "vs nginx" column when nginx ran.</summary>
    public static IReadOnlyList<string> Header(string rate, bool nginx, string cpu, string latency = "") =>
        ["target", rate, $"p50 {latency}ms", $"p99 {latency}ms", $"{rate} vs bare YARP", .. nginx ? [$"{rate} vs nginx"] : Array.Empty<string>(), cpu];

    /// <summary>Rows: target, rate, p50, p99, rate vs bare YARP, (rate vs nginx,) server CPU per 1,000.</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(IReadOnlyDictionary<string, RoundResult> medians, double yarpRate, double? nginxRate) =>
        medians.Select(m => (IReadOnlyList<string>)[
            m.Key,
            Fmt.Int(m.Value.Latency.PerSecond),
            Fmt.Ms(m.Value.Latency.P50Ms),
            Fmt.Ms(m.Value.Latency.P99Ms),
            Fmt.Ratio(m.Value.Latency.PerSecond / yarpRate),
            .. nginxRate is { } nginx ? [Fmt.Ratio(m.Value.Latency.PerSecond / nginx)] : Array.Empty<string>(),
            Fmt.Ms(m.Value.CpuMsPer1000),
        ]);

    /// <summary>The JSON key of a target: <c>direct</c>, <c>yarp</c>, <c>nginx</c>, <c>gateway</c>, <c>gateway_x3</c>.</summary>
    public static string JsonKey(string targetName) => targetName.Replace('-', '_');
}
