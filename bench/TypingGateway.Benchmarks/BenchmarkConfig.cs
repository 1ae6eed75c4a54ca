using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace TypingGateway.Benchmarks;

/// <summary>The two run modes and what every run exports.</summary>
internal static class BenchmarkConfig
{
    /// <summary>Our own option (BenchmarkDotNet never sees it): the short CI run.</summary>
    public const string QuickOption = "--quick";

    /// <summary>
    /// Full mode: BenchmarkDotNet's default job (pilot, warm-up, as many iterations as the statistics need, capped
    /// at 30) and its default toolchain, which generates a project, builds it (about a minute here) and runs each
    /// benchmark in a process of its own. It finds this project's csproj by searching from the working directory
    /// (from the repository's root once it sees TypingGateway.sln), so run full mode from inside the repository.
    /// Quick mode, for CI (it proves the benchmarks still run and gives rough figures in well under a minute on
    /// two cores): one warm-up and three 100 ms iterations, in this process (<see cref="InProcessEmitToolchain"/>:
    /// nothing to build).
    /// Exports: JSON (brief: statistics and memory, no raw measurements) and GitHub Markdown, under
    /// <c>&lt;artifacts&gt;/results</c> (BenchmarkDotNet's own <c>--artifacts</c> option; default ./BenchmarkDotNet.Artifacts).
    /// </summary>
    public static IConfig Create(bool quick)
    {
        var job = quick
            ? Job.Default
                .WithId("Quick")
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
                .WithToolchain(InProcessEmitToolchain.Instance)
            : Job.Default
                .WithId("Full")
                // The default job stops iterating once the statistics settle, at 100 iterations at the latest; on a
                // busy two-core machine they rarely settle, and 14 benchmarks then take half an hour. Capped, a run
                // took 6 minutes here (build included), every 99.9% confidence interval within 5% of its mean.
                .WithMaxWarmupCount(10)
                .WithMaxIterationCount(30)
                .WithArguments(
                [
                    // The generated project's build sets its own output paths, but restoring the projects it references
                    // would still write their obj folders in the working tree, where other builds may be running:
                    // the artifacts layout moves those next to this program's binaries.
                    new MsBuildArgument("/p:UseArtifactsOutput=true"),
                    new MsBuildArgument("/p:ArtifactsPath=" + Path.Combine(AppContext.BaseDirectory, "bdn-build")),
                ]);

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()])
            .AddValidator([.. DefaultConfig.Instance.GetValidators()])
            .AddExporter(JsonExporter.Brief, MarkdownExporter.GitHub);
    }
}
