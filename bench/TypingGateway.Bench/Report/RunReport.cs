using System.Text;
using System.Text.Json.Nodes;

namespace TypingGateway.Bench.Report;

/// <summary>
/// What one run of the scenarios measured: its JSON sections (the fields named in issues 6 and 15),
/// its Markdown tables, checks judged within the run, and the figures the goals are judged on once
/// every run is in (<see cref="BenchReport"/>).
/// </summary>
internal sealed class RunReport
{
    private readonly StringBuilder _markdown = new();
    private readonly List<TargetCheck> _checks = [];
    private readonly Dictionary<string, RunFigure> _figures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notMeasured = new(StringComparer.Ordinal);

    public JsonObject Sections { get; } = [];

    public string Markdown => _markdown.ToString();

    public IReadOnlyList<TargetCheck> Checks => _checks;

    public IReadOnlyDictionary<string, RunFigure> Figures => _figures;

    /// <summary>Why a figure was not measured in this run (a target skipped), for the Targets table.</summary>
    public IReadOnlyDictionary<string, string> NotMeasured => _notMeasured;

    public JsonObject Section(string name)
    {
        if (Sections[name] is JsonObject existing)
        {
            return existing;
        }

        var section = new JsonObject();
        Sections[name] = section;
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

    /// <summary>A goal judged within the run (exact counts, connections held): over several runs it is met only when every run met it.</summary>
    public void Check(string goal, string measured, bool? met) => _checks.Add(new TargetCheck(goal, measured, met));

    /// <summary>A figure of <see cref="Report.Figures"/>; non-finite values (nothing to divide by) count as not measured.</summary>
    public void Figure(string name, double value, string detail)
    {
        _figures[name] = new RunFigure(value, detail);
        Section(SectionOf(name))[FieldOf(name)] = Fmt.Json(value);
    }

    public void FigureNotMeasured(string name, string why) => _notMeasured[name] = why;

    public static string SectionOf(string figure) => figure[..figure.IndexOf('.', StringComparison.Ordinal)];

    public static string FieldOf(string figure) => figure[(figure.IndexOf('.', StringComparison.Ordinal) + 1)..];
}
