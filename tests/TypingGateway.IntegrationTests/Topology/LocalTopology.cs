using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Topology;

/// <summary>
/// docker-compose.yml's topology as real processes on 127.0.0.1 (nginx round-robin → gateway replicas → simulator, one
/// shared redis-server), started and stopped by <c>deploy/local/run-topology.sh</c>, the script a developer runs. The
/// replicas are this build's gateway (<c>src/TypingGateway/bin/&lt;configuration&gt;/net10.0</c>), each a
/// <c>dotnet TypingGateway.dll</c> process of its own, so a test can kill one. <see cref="StartAsync"/> skips the test
/// (with the reason) where nginx or redis-server is not installed: a machine with only the .NET SDK gets skips.
/// </summary>
internal sealed class LocalTopology : IAsyncDisposable
{
    /// <summary>The script, relative to the repository root.</summary>
    public const string ScriptPath = "deploy/local/run-topology.sh";

    /// <summary>Header the generated nginx config adds to every response: the replica (<c>127.0.0.1:port</c>) that served it.</summary>
    public const string UpstreamHeader = "X-Upstream-Addr";

    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan _scriptTimeout = TimeSpan.FromSeconds(120);

    private readonly DirectoryInfo _stateDirectory;
    private readonly ITestOutputHelper _output;
    private readonly HttpClient _simulatorHttp;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private LocalTopology(DirectoryInfo stateDirectory, IReadOnlyDictionary<string, string> state, ITestOutputHelper output)
    {
        _stateDirectory = stateDirectory;
        _output = output;
        LoadBalancer = new Uri(state["LB_URL"]);
        SimulatorAddress = new Uri(state["SIMULATOR_URL"]);
        _simulatorHttp = new HttpClient { BaseAddress = SimulatorAddress };
        Simulator = new SimulatorClient(_simulatorHttp);
        Replicas = [.. Enumerable.Range(1, Number(state, "REPLICAS")).Select(i => new Replica(
            i, Number(state, $"GATEWAY_{i}_PORT"), Number(state, $"GATEWAY_{i}_MANAGEMENT_PORT"), Number(state, $"GATEWAY_{i}_PID")))];
        LogDirectory = state["LOG_DIR"];
    }

    /// <summary>nginx, where guests connect (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri LoadBalancer { get; }

    public Uri LoadBalancerWebSocket => new UriBuilder(LoadBalancer) { Scheme = "ws" }.Uri;

    public Uri SimulatorAddress { get; }

    public SimulatorClient Simulator { get; }

    public IReadOnlyList<Replica> Replicas { get; }

    public string LogDirectory { get; }

    /// <summary>The configuration this test assembly was built in; the script runs the gateway and simulator of the same build.</summary>
    public static string BuildConfiguration { get; } =
        typeof(LocalTopology).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Skips the calling test unless everything the script needs is installed.</summary>
    public static void Require()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The multi-replica topology tests run deploy/local/run-topology.sh, which needs Linux.");
        foreach (var (program, package) in new[] { ("nginx", "nginx-light"), ("redis-server", "redis-server"), ("bash", "bash"), ("setsid", "util-linux") })
        {
            Skip.If(FindProgram(program) is null,
                $"{program} was not found on PATH or in /usr/sbin: the multi-replica topology tests start nginx, redis-server and 2 gateway "
                + $"processes with {ScriptPath} (Debian: apt-get install {package}; .ci/run installs it).");
        }
    }

    /// <summary>Runs <c>run-topology.sh start</c> in a fresh state directory and returns once every part is ready.</summary>
    public static async Task<LocalTopology> StartAsync(ITestOutputHelper output)
    {
        Require();
        var stateDirectory = Directory.CreateTempSubdirectory("typinggateway-topology-");
        var watch = Stopwatch.StartNew();
        var start = await RunScriptAsync(["start", "--build", BuildConfiguration, "--state-dir", stateDirectory.FullName, "--timeout", "90"]);
        output.WriteLine($"run-topology.sh start: exit {start.ExitCode} after {watch.Elapsed.TotalSeconds:0.0} s\n{start.Output}");
        if (start.ExitCode != 0)
        {
            // A failed start stops what it started (the script's exit trap); the logs stay for the message.
            var logs = TailLogs(Path.Combine(stateDirectory.FullName, "logs"));
            throw new InvalidOperationException($"{ScriptPath} start failed (exit {start.ExitCode}):\n{start.Output}\n{logs}");
        }

        var state = File.ReadAllLines(Path.Combine(stateDirectory.FullName, "topology.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return new LocalTopology(stateDirectory, state, output);
    }

    /// <summary>Runs the script with <paramref name="arguments"/>; returns its exit code and its stdout and stderr interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RedisServerFixture.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RedisServerFixture.RepositoryRoot(), ScriptPath));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(_scriptTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{ScriptPath} {string.Join(' ', info.ArgumentList.Skip(1))} did not end within {_scriptTimeout.TotalSeconds} s: {output}");
        }

        process.WaitForExit(); // flushes the redirected streams
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>The replica nginx sent <paramref name="tab"/> to, from the upgrade response's <see cref="UpstreamHeader"/>.</summary>
    public Replica ReplicaServing(ChatGuest tab)
    {
        var upstream = tab.ResponseHeaders.FirstOrDefault(h => h.Key.Equals(UpstreamHeader, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault()
            ?? throw new InvalidOperationException($"The upgrade response has no {UpstreamHeader} header (connect with collectResponseHeaders).");

        // After a failed try nginx lists every peer it tried ("127.0.0.1:a, 127.0.0.1:b"): the last one answered.
        var port = int.Parse(upstream.Split(',')[^1].Trim().Split(':')[^1], CultureInfo.InvariantCulture);
        return Replicas.Single(r => r.Port == port);
    }

    /// <summary>Whether the replica answers 200 on <c>/health/ready</c> of its management port.</summary>
    public async Task<bool> IsReadyAsync(Replica replica)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{replica.ManagementPort}{Readiness.Path}"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Takes a replica down as a crash would: SIGKILL, no shutdown of any kind.</summary>
    public static void Kill(Replica replica) => Signal(replica, SigKill);

    /// <summary>
    /// The SIGTERM hook (issue 13 item 2, graceful drain): sends SIGTERM to <paramref name="replica"/>'s process, as an
    /// orchestrator stopping a container does, and returns how long the process took to exit; throws
    /// <see cref="TimeoutException"/> when it still runs after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> TerminateAsync(Replica replica, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        Signal(replica, SigTerm);
        await WaitForExitAsync(replica, timeout);
        return watch.Elapsed;
    }

    /// <summary>Waits until the replica's process has exited.</summary>
    public static async Task WaitForExitAsync(Replica replica, TimeSpan timeout) =>
        await Wait.UntilAsync(() => Task.FromResult(!IsRunning(replica)), timeout, $"gateway-{replica.Number} (pid {replica.Pid}) exits");

    /// <summary>Running and not a zombie: the replicas are not this process's children, and whoever inherits them may reap them late.</summary>
    public static bool IsRunning(Replica replica)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{replica.Pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (IOException)
        {
            return false; // no such process (FileNotFoundException, DirectoryNotFoundException)
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Not asserted here: an exception from DisposeAsync would hide the test's own failure. The output says it.
        var stop = await RunScriptAsync(["stop", "--state-dir", _stateDirectory.FullName]);
        _output.WriteLine($"run-topology.sh stop: exit {stop.ExitCode}\n{stop.Output}");
        _output.WriteLine(TailLogs(LogDirectory)); // shown only when the test fails
        _simulatorHttp.Dispose();
        _http.Dispose();
        try
        {
            _stateDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    private static void Signal(Replica replica, int signal)
    {
        if (SendSignal(replica.Pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({replica.Pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static string TailLogs(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return $"(no logs in {directory})";
        }

        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*.log").Order(StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- {Path.GetFileName(file)} (last 40 lines)");
            foreach (var line in File.ReadLines(file).TakeLast(40))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    /// <summary>On PATH, or in the sbin folders a non-root PATH leaves out (Debian's nginx is /usr/sbin/nginx); as the script looks.</summary>
    private static string? FindProgram(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static int Number(IReadOnlyDictionary<string, string> state, string key) =>
        int.Parse(state.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"topology.env has no {key}."), CultureInfo.InvariantCulture);

    /// <summary>kill(2) itself, so that no <c>kill</c> program is needed.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>One gateway process: its public port (behind nginx), management port and process id.</summary>
    public sealed record Replica(int Number, int Port, int ManagementPort, int Pid);
}
