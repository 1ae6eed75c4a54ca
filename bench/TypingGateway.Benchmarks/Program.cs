using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TypingGateway.Benchmarks;

/// <summary>
/// Micro-benchmarks of the WebSocket frame parser and filter and of the typing recognisers.
/// <c>dotnet run -c Release --project bench/TypingGateway.Benchmarks -- [--quick] [--artifacts DIR] [any BenchmarkDotNet option]</c>.
/// Run it from inside the repository (full mode builds this project from there, see <see cref="BenchmarkConfig"/>).
/// Without <c>--filter</c> every benchmark runs. At the end one line per benchmark gives its mean time and
/// bytes allocated per operation (per frame where a benchmark processes a batch).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var quick = args.Contains(BenchmarkConfig.QuickOption, StringComparer.Ordinal);
        List<string> options = [.. args.Where(a => a != BenchmarkConfig.QuickOption)];
        if (!options.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "--version" or "--info"))
        {
            // Run everything rather than asking which benchmark to run (there is nobody to ask in CI).
            options.AddRange(["--filter", "*"]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. options], BenchmarkConfig.Create(quick)).ToList();
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        Console.WriteLine();
        Console.WriteLine($"// {reports.Count} benchmarks ({(quick ? "quick" : "full")} mode): mean ns and bytes allocated per operation");
        foreach (var report in reports)
        {
            Console.WriteLine(SummaryLine(report));
        }

        var failed = summaries.Any(s => s.HasCriticalValidationErrors) || reports.Any(r => !r.Success);
        return failed || (reports.Count == 0 && !options.Contains("--list")) ? 1 : 0;
    }

    private static string SummaryLine(BenchmarkReport report)
    {
        var benchmark = report.BenchmarkCase.Descriptor;
        var name = $"{benchmark.Type.Name}.{benchmark.WorkloadMethod.Name}";
        var nanoseconds = report.ResultStatistics?.Mean;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-60} {(nanoseconds is { } ns ? ns.ToString("F1", CultureInfo.InvariantCulture) : "n/a"),12} ns/op {(bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "n/a"),8} B/op");
    }
}
