using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 6: runs the BenchmarkDotNet project (bench/TypingGateway.Benchmarks) from the checkout,
/// reads its JSON exports and reports ns and bytes allocated per frame.
/// </summary>
internal static class MicroBenchmarksScenario
{
    /// <summary>Benchmarks of the pass-through path: the goal is 0 bytes allocated per frame.</summary>
    private static readonly string[] _passThrough =
    [
        "GuestReadBenchmarks.BinaryPassThrough",
        "GuestReadBenchmarks.TextInspectedForwardedNoOpInspector",
        "GuestWriteBenchmarks.ServerTextPassThrough",
    ];

    private const string AfterIdle = "GuestReadBenchmarks.BinaryPassThroughAfterIdle";

    private const string Recognizers = "RecognizerBenchmarks.";

    private const string GenesysTyping = Recognizers + "GenesysTyping";

    public static async Task RunAsync(BenchSettings settings, RepoPaths paths, RunReport report, CancellationToken cancellationToken)
    {
        ScenarioContext.Progress($"micro: BenchmarkDotNet ({(settings.Quick ? "quick, in-process" : "full")})");
        var artifacts = Path.GetFullPath(Path.Combine(settings.OutputDirectory, "micro"));
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            // BenchmarkDotNet finds the project to build from the working directory: the checkout.
            WorkingDirectory = paths.Root,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "-c", paths.Configuration, "--project", paths.BenchmarksProject, "--", "--artifacts", artifacts })
        {
            info.ArgumentList.Add(argument);
        }

        if (settings.Quick)
        {
            info.ArgumentList.Add("--quick");
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the micro-benchmarks.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The micro-benchmarks failed (exit code {process.ExitCode}); see the output above.");
        }

        var results = ReadResults(Path.Combine(artifacts, "results"));
        var json = new JsonArray(results.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["ns_per_op"] = Fmt.Json(r.Nanoseconds, 1),
            ["bytes_per_op"] = r.Bytes,
        }).ToArray());
        report.Section("micro")["benchmarks"] = json;

        var passThrough = results.Where(r => _passThrough.Contains(r.Name)).ToList();
        LargestAllocation(report, Figures.MicroPassThroughMaxBytes, passThrough, passThrough.Count == _passThrough.Length ? null : "pass-through benchmarks missing");
        LargestAllocation(report, Figures.MicroRecogniserMaxBytes, results.Where(r => r.Name.StartsWith(Recognizers, StringComparison.Ordinal)).ToList(), null);

        // The common chat case: a frame after the guest paused. The wait itself costs Task plumbing (see bench/README.md).
        LargestAllocation(report, Figures.MicroAfterIdleBytes, results.Where(r => r.Name == AfterIdle).ToList(), null);

        if (results.FirstOrDefault(r => r.Name == GenesysTyping) is { Name: not null } genesys)
        {
            report.Figure(Figures.MicroGenesysTypingNs, genesys.Nanoseconds, $"{genesys.Name}, {genesys.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} B");
        }
        else
        {
            report.FigureNotMeasured(Figures.MicroGenesysTypingNs, $"{GenesysTyping} missing from the micro-benchmarks");
        }

        report.Heading("Micro-benchmarks (BenchmarkDotNet, per frame)");
        report.Table(
            ["benchmark", "ns / frame", "bytes allocated / frame"],
            results.Select(r => (IReadOnlyList<string>)[r.Name, r.Nanoseconds.ToString("0.0", CultureInfo.InvariantCulture), r.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "n/a"]));
    }

    /// <summary>The largest bytes allocated per frame among <paramref name="benchmarks"/> (the goal is 0 for each), naming the ones that allocate.</summary>
    private static void LargestAllocation(RunReport report, string figure, List<(string Name, double Nanoseconds, long? Bytes)> benchmarks, string? missing)
    {
        if (missing is not null || benchmarks.Count == 0 || benchmarks.Any(b => b.Bytes is null))
        {
            report.FigureNotMeasured(figure, missing ?? "no allocation figures for these benchmarks (MemoryDiagnoser off?)");
            return;
        }

        var allocating = benchmarks.Where(b => b.Bytes != 0).ToList();
        var detail = allocating.Count == 0
            ? $"{benchmarks.Count} benchmarks, all 0 B"
            : string.Join("; ", allocating.Select(b => $"{b.Name}: {b.Bytes} B"));
        report.Figure(figure, benchmarks.Max(b => b.Bytes!.Value), detail);
    }

    private static List<(string Name, double Nanoseconds, long? Bytes)> ReadResults(string directory)
    {
        var results = new List<(string, double, long?)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*-report-brief.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                var name = $"{benchmark.GetProperty("Type").GetString()}.{benchmark.GetProperty("Method").GetString()}";
                var mean = benchmark.TryGetProperty("Statistics", out var statistics) && statistics.ValueKind == JsonValueKind.Object
                    ? statistics.GetProperty("Mean").GetDouble()
                    : double.NaN;
                long? bytes = benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    ? memory.GetProperty("BytesAllocatedPerOperation").GetInt64()
                    : null;
                results.Add((name, mean, bytes));
            }
        }

        return results.Count > 0 ? results : throw new InvalidOperationException($"No BenchmarkDotNet results in {directory}.");
    }
}
