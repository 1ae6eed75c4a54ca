using System.Text.Json.Nodes;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Tests;

public sealed class BenchReportTests
{
    private static readonly JsonObject _machine = new() { ["cores"] = 2 };

    [Fact]
    public void Json_ThreeRuns_SectionFieldIsTheMedianAndRunsKeepTheirOwn()
    {
        double[] ratios = [0.95, 1.01, 0.98];
        var report = Repeated(3, (run, i) =>
        {
            run.Section("http")["gateway_rps"] = 1000 + i;
            run.Figure(Figures.HttpRpsRatio, ratios[i], "detail");
        });

        var json = report.Json();

        Assert.Equal(3, json["repeat"]!.GetValue<int>());
        Assert.Equal(0.98, json["http"]!["rps_ratio"]!.GetValue<double>());
        Assert.Equal(1002, json["http"]!["gateway_rps"]!.GetValue<int>()); // the last run's raw figure
        var runs = json["runs"]!.AsArray();
        Assert.Equal([0.95, 1.01, 0.98], runs.Select(r => r!["http"]!["rps_ratio"]!.GetValue<double>()));
        Assert.Equal([1000, 1001, 1002], runs.Select(r => r!["http"]!["gateway_rps"]!.GetValue<int>()));
        var figure = json["figures"]![Figures.HttpRpsRatio]!;
        Assert.Equal(0.98, figure["median"]!.GetValue<double>());
        Assert.Equal(0.95, figure["min"]!.GetValue<double>());
        Assert.Equal(1.01, figure["max"]!.GetValue<double>());
    }

    [Fact]
    public void Targets_GoalJudgedOnTheMedianWithSpreadThresholdAndRuns()
    {
        double[] ratios = [0.99, 0.90, 0.96];
        var report = Repeated(3, (run, i) => run.Figure(Figures.HttpRpsRatio, ratios[i], $"run {i}"));

        var target = Target(report, Figures.HttpRpsRatio);

        Assert.Equal(0.96, target["median"]!.GetValue<double>());
        Assert.Equal(0.90, target["min"]!.GetValue<double>());
        Assert.Equal(0.99, target["max"]!.GetValue<double>());
        Assert.Equal([0.99, 0.90, 0.96], target["runs"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(0.97, target["threshold"]!.GetValue<double>());
        Assert.Equal("at_least", target["bound"]!.GetValue<string>());
        Assert.False(target["met"]!.GetValue<bool>());
        Assert.Contains("median of 3", target["measured"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("run 2", target["measured"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_RunWithoutTheFigure_NullInRunsAndLeftOutOfTheMedian()
    {
        double[] ratios = [1.0, double.NaN, 0.98];
        var report = Repeated(3, (run, i) => run.Figure(Figures.WsMsgsRatio, ratios[i], "d"));

        var target = Target(report, Figures.WsMsgsRatio);

        Assert.Equal(0.99, target["median"]!.GetValue<double>(), 10);
        Assert.Null(target["runs"]!.AsArray()[1]);
        Assert.True(target["met"]!.GetValue<bool>());
    }

    [Fact]
    public void Targets_NotMeasured_ReasonAndNullMet()
    {
        var report = Repeated(1, (run, _) => run.FigureNotMeasured(Figures.TypingP99X3OverX1, "gateway-x3 skipped: no redis"));

        var skipped = Target(report, Figures.TypingP99X3OverX1);
        var notRun = Target(report, Figures.ScaleWorkingSetRatio);

        Assert.Equal("gateway-x3 skipped: no redis", skipped["measured"]!.GetValue<string>());
        Assert.Null(skipped["met"]);
        Assert.Null(skipped["median"]);
        Assert.Contains("`scale` not run", notRun["measured"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(notRun["met"]);
    }

    [Fact]
    public void Targets_EveryDesignGoalListedOnce()
    {
        var report = Repeated(1, (_, _) => { });

        var figures = report.Targets().Select(t => t["figure"]?.GetValue<string>()).Where(f => f is not null).ToList();

        Assert.Equal(DesignGoals.All.Select(g => g.Figure), figures);
    }

    [Fact]
    public void Targets_CheckOverRuns_MetOnlyWhenEveryRunMetIt()
    {
        var report = Repeated(3, (run, i) => run.Check("exact frames", $"run {i}", i != 1));

        var check = report.Targets().Single(t => t["goal"]!.GetValue<string>() == "exact frames");

        Assert.False(check["met"]!.GetValue<bool>());
        Assert.Contains("met in 2 of 3", check["measured"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_MeasuredOnce_OneValue()
    {
        var report = Repeated(3, (_, _) => { });
        report.Once.Figure(Figures.MicroGenesysTypingNs, 250, "GenesysTyping");

        var target = Target(report, Figures.MicroGenesysTypingNs);

        Assert.Equal([250.0], target["runs"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.True(target["met"]!.GetValue<bool>());
        Assert.Equal(250, report.Json()["micro"]!["genesys_typing_ns"]!.GetValue<double>());
    }

    [Fact]
    public void Markdown_FiguresTableWithEachRunMedianAndSpread()
    {
        double[] ratios = [0.5, 0.7];
        var report = Repeated(2, (run, i) => run.Figure(Figures.HttpNginxRpsRatio, ratios[i], "d"));

        var markdown = report.Markdown();

        Assert.Contains("| http.nginx_rps_ratio | 0.500× | 0.700× | 0.600× | 0.500× – 0.700× |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_MedianJustUnderTheThreshold_ThirdDecimalShowsIt()
    {
        double[] ratios = [0.9688, 0.9688];
        var report = Repeated(2, (run, i) => run.Figure(Figures.WsMsgsRatio, ratios[i], "d"));

        var row = report.Markdown().Split('\n').Single(l => l.StartsWith("| WebSocket pass-through", StringComparison.Ordinal));

        Assert.Contains("| 0.969× (median of 2", row, StringComparison.Ordinal); // two decimals would print the threshold, 0.97×
        Assert.EndsWith("| **missed** |", row, StringComparison.Ordinal);
    }

    private static BenchReport Repeated(int runs, Action<RunReport, int> record)
    {
        var report = new BenchReport(quick: true, runs, _machine);
        for (var i = 0; i < runs; i++)
        {
            record(report.StartRun(), i);
        }

        return report;
    }

    private static JsonObject Target(BenchReport report, string figure) =>
        report.Targets().Single(t => t["figure"]?.GetValue<string>() == figure);
}
