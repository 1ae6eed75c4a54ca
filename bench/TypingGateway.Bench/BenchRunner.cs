using System.Diagnostics;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Report;
using TypingGateway.Bench.Scenarios;

namespace TypingGateway.Bench;

/// <summary>One run: start the servers, run the chosen scenarios in order, write results.json and results.md.</summary>
internal static class BenchRunner
{
    /// <summary>Open files the servers may need: 10,000 guests through one gateway are 20,000 sockets there.</summary>
    private const int FileLimit = 65536;

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        using var cancel = new CancellationTokenSource((settings.Quick ? TimeSpan.FromMinutes(8) : TimeSpan.FromMinutes(45)) * settings.Repeat);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var paths = RepoPaths.Find();
        if (paths.Configuration == "Debug")
        {
            Console.WriteLine("warning: running a Debug build; use -c Release for numbers worth reporting.");
        }

        RaiseFileLimit();
        var report = new BenchReport(settings.Quick, settings.Repeat);
        var clock = Stopwatch.StartNew();
        using var control = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        ScenarioContext.Progress($"starting servers ({(settings.Quick ? "quick" : "full")} mode)");
        await using (var topology = await BenchTopology.StartAsync(paths, control, cancel.Token))
        {
            if (topology.Gateway3Skipped is { } why)
            {
                Console.WriteLine($"warning: the 3-instance gateway is skipped: {why}");
            }

            if (topology.NginxSkipped is { } nginxWhy && (settings.Runs("http") || settings.Runs("ws")))
            {
                Console.WriteLine($"warning: the nginx anchor is skipped: {nginxWhy}");
            }

            var scenarios = new (string Name, Func<ScenarioContext, CancellationToken, Task> Run)[]
            {
                ("http", HttpPassThroughScenario.RunAsync),
                ("ws", WebSocketPassThroughScenario.RunAsync),
                ("typing", TypingStormScenario.RunAsync),
                ("httptyping", HttpTypingScenario.RunAsync),
                ("scale", ConnectionScaleScenario.RunAsync),
            };
            for (var i = 1; i <= settings.Repeat; i++)
            {
                if (settings.Repeat > 1)
                {
                    ScenarioContext.Progress($"run {i} of {settings.Repeat}");
                }

                var context = new ScenarioContext(settings, paths, topology, control, report.StartRun());
                foreach (var (_, run) in scenarios.Where(s => settings.Runs(s.Name)))
                {
                    await run(context, cancel.Token);
                }
            }

            ScenarioContext.Progress($"server logs: {topology.WorkDirectory}");
        }

        if (settings.Runs("micro"))
        {
            await MicroBenchmarksScenario.RunAsync(settings, paths, report.Once, cancel.Token);
        }

        report.Once.Section("run")["elapsed_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        await report.WriteAsync(settings.OutputDirectory, cancel.Token);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"results: {Path.GetFullPath(Path.Combine(settings.OutputDirectory, "results.json"))} and results.md ({clock.Elapsed.TotalSeconds:0} s)");
        return 0;
    }

    /// <summary>The servers inherit this process's limit; raising the hard limit needs root (CI runs as root), else the soft limit goes as high as the hard one allows.</summary>
    private static void RaiseFileLimit()
    {
        try
        {
            using var prlimit = Process.Start(new ProcessStartInfo("prlimit", $"--pid {Environment.ProcessId} --nofile={FileLimit}:{FileLimit}")
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            prlimit?.WaitForExit(5000);
            if (prlimit is { ExitCode: not 0 })
            {
                Console.WriteLine($"warning: could not raise the open-file limit to {FileLimit} ({prlimit.StandardError.ReadToEnd().Trim()}); the scale scenario may hit it.");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("warning: prlimit not found; the open-file limit stays as it is.");
        }
    }
}
