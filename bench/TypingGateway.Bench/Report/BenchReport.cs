using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TypingGateway.Bench.Report;

/// <summary>
/// Results of one invocation: the runs of <c>--repeat N</c> (each a <see cref="RunReport"/>) and what
/// is measured once (the micro-benchmarks, the elapsed time). Figures become median and spread over
/// the runs and the goals are judged on the medians; the JSON keeps each run's raw sections under
/// <c>runs</c>, and the top-level sections are the last run's with each figure's field set to its median.
/// </summary>
internal sealed class BenchReport
{
    private readonly string _mode;
    private readonly int _repeat;
    private readonly string _startedUtc;
    private readonly JsonObject _machine;
    private readonly List<RunReport> _runs = [];

    public BenchReport(bool quick, int repeat, JsonObject? machine = null)
    {
        _mode = quick ? "quick" : "full";
        _repeat = repeat;
        _startedUtc = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        _machine = machine ?? MachineInfo.Read();
    }

    /// <summary>What is measured once per invocation, not per run (micro-benchmarks, elapsed time).</summary>
    public RunReport Once { get; } = new();

    public IReadOnlyList<RunReport> Runs => _runs;

    public RunReport StartRun()
    {
        var run = new RunReport();
        _runs.Add(run);
        return run;
    }

    /// <summary>Every figure, in the order first recorded: per run (null where a run could not measure it), or the one value measured once.</summary>
    public IReadOnlyList<(string Name, Spread Spread, IReadOnlyList<double?> PerRun)> FigureSpreads()
    {
        var names = _runs.Append(Once).SelectMany(r => r.Figures.Keys).Distinct(StringComparer.Ordinal).ToList();
        return names.Select(name =>
        {
            var perRun = Once.Figures.ContainsKey(name)
                ? [Value(Once, name)]
                : _runs.Select(r => Value(r, name)).ToList();
            return (name, Spread.Of(perRun.Where(v => v.HasValue).Select(v => v!.Value)), (IReadOnlyList<double?>)perRun);
        }).ToList();

        static double? Value(RunReport run, string name) =>
            run.Figures.TryGetValue(name, out var figure) && double.IsFinite(figure.Value) ? figure.Value : null;
    }

    /// <summary>The Targets list: each design goal judged on its figure's median, then the checks judged within runs (met when every run met them).</summary>
    public IReadOnlyList<JsonObject> Targets()
    {
        var spreads = FigureSpreads().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var all = _runs.Append(Once).ToList();
        var targets = new List<JsonObject>();
        foreach (var goal in DesignGoals.All)
        {
            var target = new JsonObject { ["goal"] = goal.Description, ["figure"] = goal.Figure };
            if (spreads.TryGetValue(goal.Figure, out var figure) && figure.Spread.Runs > 0)
            {
                var last = all.Last(r => r.Figures.ContainsKey(goal.Figure)).Figures[goal.Figure];
                var spread = figure.Spread;
                target["measured"] = figure.Spread.Runs > 1
                    ? $"{goal.Format(spread.Median)} (median of {spread.Runs}; last run: {last.Detail})"
                    : $"{goal.Format(spread.Median)} ({last.Detail})";
                target["median"] = Fmt.Json(spread.Median, 4);
                target["min"] = Fmt.Json(spread.Min, 4);
                target["max"] = Fmt.Json(spread.Max, 4);
                target["runs"] = new JsonArray(figure.PerRun.Select(v => (JsonNode?)(v is { } x ? Fmt.Json(x, 4) : null)).ToArray());
            }
            else
            {
                var why = all.Select(r => r.NotMeasured.GetValueOrDefault(goal.Figure)).LastOrDefault(w => w is not null);
                target["measured"] = why ?? $"not measured (scenario `{RunReport.SectionOf(goal.Figure)}` not run)";
            }

            target["threshold"] = goal.Threshold;
            target["bound"] = goal.Bound == GoalBound.AtLeast ? "at_least" : "at_most";
            target["met"] = goal.IsMet(figure.Spread);
            targets.Add(target);
        }

        foreach (var group in all.SelectMany(r => r.Checks).GroupBy(c => c.Goal, StringComparer.Ordinal))
        {
            var checks = group.ToList();
            bool? met = checks.Any(c => c.Met == false) ? false : checks.All(c => c.Met == true) ? true : null;
            var measured = checks.Count > 1
                ? $"{checks[^1].Measured} (last run; met in {checks.Count(c => c.Met == true)} of {checks.Count})"
                : checks[0].Measured;
            targets.Add(new JsonObject { ["goal"] = group.Key, ["measured"] = measured, ["met"] = met });
        }

        return targets;
    }

    public JsonObject Json()
    {
        var root = new JsonObject
        {
            ["mode"] = _mode,
            ["repeat"] = _repeat,
            ["started_utc"] = _startedUtc,
            ["machine"] = _machine.DeepClone(),
        };

        // Top level: the last run's sections (as a single run wrote them), then the medians over the figures' fields.
        if (_runs.Count > 0)
        {
            foreach (var (name, section) in _runs[^1].Sections)
            {
                root[name] = section!.DeepClone();
            }
        }

        foreach (var (name, section) in Once.Sections)
        {
            root[name] = section!.DeepClone();
        }

        var figures = new JsonObject();
        foreach (var (name, spread, perRun) in FigureSpreads())
        {
            var sectionName = RunReport.SectionOf(name);
            if (root[sectionName] is not JsonObject section)
            {
                section = [];
                root[sectionName] = section;
            }

            section[RunReport.FieldOf(name)] = Fmt.Json(spread.Median, 4);
            figures[name] = new JsonObject
            {
                ["median"] = Fmt.Json(spread.Median, 4),
                ["min"] = Fmt.Json(spread.Min, 4),
                ["max"] = Fmt.Json(spread.Max, 4),
                ["runs"] = new JsonArray(perRun.Select(v => (JsonNode?)(v is { } x ? Fmt.Json(x, 4) : null)).ToArray()),
            };
        }

        root["figures"] = figures;
        root["runs"] = new JsonArray(_runs.Select(r => (JsonNode)r.Sections.DeepClone()).ToArray());
        root["targets"] = new JsonArray(Targets().Select(t => (JsonNode)t).ToArray());
        return root;
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Mode: {_mode}, {_repeat} run(s); machine: {_machine["cores"]} cores ({_machine["cpu"]}), {_machine["memory_gib"]} GiB, {_machine["os"]}, {_machine["dotnet"]}; started {_startedUtc}.\n");
        text.Append("\n### Targets\n\n| goal | measured | spread (min–max) | threshold | met |\n|---|---|---|---|---|\n");
        var goals = DesignGoals.All.ToDictionary(g => g.Figure, StringComparer.Ordinal);
        var spreads = FigureSpreads();
        foreach (var target in Targets())
        {
            var goal = target["figure"] is { } figure ? goals[figure.GetValue<string>()] : null;

            // From the unrounded spread, as the measured column is: JSON's rounding would shift a last digit.
            var spread = goal is not null && spreads.FirstOrDefault(f => f.Name == goal.Figure) is { Spread.Runs: > 0 } measured
                ? $"{goal.Format(measured.Spread.Min)} – {goal.Format(measured.Spread.Max)}"
                : "—";
            var met = target["met"]?.GetValue<bool>() switch { true => "met", false => "**missed**", null => "not measured" };
            text.Append(CultureInfo.InvariantCulture, $"| {target["goal"]} | {target["measured"]} | {spread} | {goal?.ThresholdText ?? "—"} | {met} |\n");
        }

        if (spreads.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### Ratios and figures over {_runs.Count} run(s)\n\n| figure | ");
            var columns = spreads.Max(s => s.PerRun.Count);
            text.AppendJoin(" | ", Enumerable.Range(1, columns).Select(i => $"run {i}"));
            text.Append(" | median | spread (min–max) | spread / median |\n|---|");
            text.Append(string.Concat(Enumerable.Repeat("---|", columns + 3))).Append('\n');
            foreach (var (name, spread, perRun) in spreads)
            {
                var format = goals.TryGetValue(name, out var goal) ? goal.Format : Fmt.FineRatio;
                var cells = Enumerable.Range(0, columns).Select(i => i < perRun.Count && perRun[i] is { } v ? format(v) : "—");
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells)} | {format(spread.Median)} | {format(spread.Min)} – {format(spread.Max)} | {(double.IsFinite(spread.Relative) ? spread.Relative.ToString("P1", CultureInfo.InvariantCulture) : "—")} |\n");
            }
        }

        if (_runs.Count > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nThe tables below are run {_runs.Count} of {_runs.Count}; results.json keeps every run's figures under `runs`.\n");
        }

        if (_runs.Count > 0)
        {
            text.Append(_runs[^1].Markdown);
        }

        return text.Append(Once.Markdown).ToString();
    }

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), Json().ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), Markdown(), cancellationToken);
    }
}
