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
    public static Task<IReadOnlyDictionary<string, RoundResult>> RunAsync(string scenario, IReadOnlyList<Target> targets, int rounds, Func<Target, Task<RoundResult>> runRound) =>
        RunAsync(scenario, targets, t => t.Name, rounds, runRound);

    /// <summary>
    /// The same for anything measured in rounds (a target, or one side of a comparison on a target
    /// such as suppressed vs proxied typing POSTs): each round runs every entry once, in order; the
    /// result is keyed by <paramref name="name"/>, in the entries' order.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, RoundResult>> RunAsync<T>(string scenario, IReadOnlyList<T> entries, Func<T, string> name, int rounds, Func<T, Task<RoundResult>> runRound)
    {
        var results = entries.ToDictionary(name, _ => new List<RoundResult>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var entry in entries)
            {
                ScenarioContext.Progress($"{scenario}: {name(entry)}, round {round + 1}/{rounds}");
                results[name(entry)].Add(await runRound(entry));
            }
        }

        return entries.ToDictionary(name, e => RoundResult.Median(results[name(e)]));
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
