using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TypingGateway.Bench.Report;

/// <summary>Results of one run: a JSON document (fields named in issue 6) and the Markdown the README's Performance section quotes.</summary>
internal sealed class BenchReport
{
    private readonly JsonObject _root = [];
    private readonly StringBuilder _markdown = new();
    private readonly List<TargetCheck> _checks = [];

    public BenchReport(bool quick)
    {
        _root["mode"] = quick ? "quick" : "full";
        _root["started_utc"] = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        _root["machine"] = MachineInfo.Read();
    }

    public JsonObject Section(string name)
    {
        if (_root[name] is JsonObject existing)
        {
            return existing;
        }

        var section = new JsonObject();
        _root[name] = section;
        return section;
    }

    public void Heading(string text) => _markdown.Append("\n### ").Append(text).Append("\n\n");

    public void Line(string text) => _markdown.Append(text).Append('\n');

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _markdown.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        _markdown.Append('|').AppendJoin('|', header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
        {
            _markdown.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }
    }

    public void Check(string goal, string measured, bool? met) => _checks.Add(new TargetCheck(goal, measured, met));

    public string Markdown()
    {
        var machine = _root["machine"]!;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Mode: {_root["mode"]}; machine: {machine["cores"]} cores ({machine["cpu"]}), {machine["memory_gib"]} GiB, {machine["os"]}, {machine["dotnet"]}; started {_root["started_utc"]}.\n");
        text.Append("\n### Targets\n\n| goal | measured | met |\n|---|---|---|\n");
        foreach (var check in _checks)
        {
            var met = check.Met switch { true => "met", false => "**missed**", null => "not measured" };
            text.Append(CultureInfo.InvariantCulture, $"| {check.Goal} | {check.Measured} | {met} |\n");
        }

        return text.Append(_markdown).ToString();
    }

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _root["targets"] = new JsonArray(_checks.Select(c => (JsonNode)new JsonObject
        {
            ["goal"] = c.Goal,
            ["measured"] = c.Measured,
            ["met"] = c.Met,
        }).ToArray());
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), Markdown(), cancellationToken);
    }
}
