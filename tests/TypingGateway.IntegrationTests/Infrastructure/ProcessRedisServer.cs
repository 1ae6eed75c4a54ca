using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A server that runs as a child process whose id is the server itself (<c>redis-server</c>, or
/// Garnet's dll under the dotnet host): SIGKILL stops it, SIGSTOP/SIGCONT freeze and thaw it.
/// </summary>
internal sealed partial class ProcessRedisServer : IRedisTestServer
{
    private const string Loopback = "127.0.0.1";
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _workingDirectory;
    private readonly string _version;
    private readonly bool _warmUp;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ProcessRedisServer(string kind, string version, string fileName, IReadOnlyList<string> arguments, string workingDirectory, int port, bool warmUp = false)
    {
        (Kind, _version, _fileName, _arguments, _workingDirectory, Port, _warmUp) = (kind, version, fileName, arguments, workingDirectory, port, warmUp);
    }

    public string Kind { get; }

    public string Description =>
        $"{Kind} {_version} on {Host}:{Port}, pid {_process?.Id.ToString(CultureInfo.InvariantCulture) ?? "none"}: {_fileName} {string.Join(' ', _arguments)}";

    public string Host => Loopback;

    public int Port { get; }

    public bool CanControl => true;

    /// <summary>Starts <c>redis-server</c> (the one at <paramref name="path"/>) without persistence.</summary>
    /// <remarks>A start that fails on a port taken meanwhile is tried again on a new one (see <see cref="StartClusterNodeAsync"/>).</remarks>
    public static async Task<ProcessRedisServer> StartRedisServerAsync(string path, Func<int> freePort)
    {
        var version = await VersionAsync(path).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var port = freePort();
            var server = new ProcessRedisServer(RedisServerKind.RedisServer, version, path,
                ["--port", Invariant(port), "--bind", Loopback, "--save", "", "--appendonly", "no", "--protected-mode", "no"],
                Path.GetTempPath(), port);
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException ex) when (attempt < PortAttempts && ex.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>
    /// Starts <c>redis-server</c> (the one at <paramref name="path"/>) as a Redis Cluster node without persistence,
    /// its cluster state (<c>nodes.conf</c>) in <paramref name="directory"/>, so that a restart rejoins the cluster.
    /// A replica fails over whatever the age of its data (validity factor 0), and syncs at once (no diskless delay).
    /// </summary>
    /// <remarks>
    /// The ports come from <paramref name="freePort"/>: a port found free can be taken by another process before the
    /// server binds it (tests start many servers and hosts at once), so a start that fails on a port in use is tried again
    /// on new ports, up to <see cref="PortAttempts"/> times.
    /// </remarks>
    public static async Task<ProcessRedisServer> StartClusterNodeAsync(string path, string version, Func<int> freePort, string directory, TimeSpan nodeTimeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = freePort();
            var server = new ProcessRedisServer(RedisServerKind.RedisServer, version, path,
                [
                    "--port", Invariant(port), "--bind", Loopback, "--save", "", "--appendonly", "no", "--protected-mode", "no",
                    "--dir", directory, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", Invariant(freePort()),
                    "--cluster-node-timeout", Invariant((int)nodeTimeout.TotalMilliseconds), "--cluster-replica-validity-factor", "0",
                    "--repl-diskless-sync-delay", "0",
                ],
                directory, port);
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException ex) when (attempt < PortAttempts && ex.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                File.Delete(Path.Combine(directory, "nodes.conf")); // the failed start may have written its node id
            }
        }
    }

    /// <summary>How many port pairs a cluster node's start tries before it fails.</summary>
    private const int PortAttempts = 5;

    /// <summary>
    /// Starts Garnet's dll under the dotnet host, so the process we hold is the server (<c>dotnet tool
    /// run</c> would start it as a grandchild that signals never reach). Lua runs in transaction mode:
    /// without it a script is not atomic and check-and-set races have several winners.
    /// </summary>
    public static async Task<ProcessRedisServer> StartGarnetAsync(GarnetTool tool, int port)
    {
        var server = new ProcessRedisServer(RedisServerKind.Garnet, tool.Version, GarnetTool.DotnetHost,
            [tool.EntryPoint, "--port", Invariant(port), "--bind", Loopback, "--lua", "true", "--lua-transaction-mode", "true"],
            Path.GetTempPath(), port, warmUp: true);
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }

            process.Dispose();
        }
    }

    public Task RestartAsync() => _process is null ? StartAsync() : Task.CompletedTask;

    public Task PauseAsync() => SignalAsync(OperatingSystem.IsLinux() ? LinuxSigStop : BsdSigStop);

    public Task ResumeAsync() => SignalAsync(OperatingSystem.IsLinux() ? LinuxSigCont : BsdSigCont);

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(_fileName)
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_fileName}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await RedisPing.WaitAsync(Host, Port, _startTimeout, () => process.HasExited).ConfigureAwait(false);
            if (_warmUp)
            {
                await WarmUpAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            await StopAsync().ConfigureAwait(false);
            string output;
            lock (_output)
            {
                output = _output.ToString();
            }

            throw new InvalidOperationException($"{_fileName} {string.Join(' ', _arguments)}: {ex.Message}. Output: {Tail(output)}", ex);
        }
    }

    /// <summary>
    /// Garnet compiles its Lua and command paths on first use: its first script after a start took
    /// 0.2–0.6 s on a loaded 2-core machine, over the gateway's 250 ms operation timeout, so the first
    /// calls after every (re)start fell back as if Redis were down. One script with the commands the
    /// gateway's scripts use, run until it answers quickly, makes "started" mean "serving at speed".
    /// </summary>
    private async Task WarmUpAsync()
    {
        const string Script = """
            local t = redis.call('TIME')
            redis.call('SET', KEYS[1], t[1], 'PX', 10000)
            redis.call('GET', KEYS[1])
            redis.call('INCR', KEYS[2])
            redis.call('HSET', KEYS[3], 'a', ARGV[1], 'b', ARGV[1])
            redis.call('HGET', KEYS[3], 'a')
            redis.call('HMGET', KEYS[3], 'a', 'b')
            redis.call('PEXPIRE', KEYS[3], 10000)
            redis.call('PTTL', KEYS[3])
            redis.call('PUBLISH', KEYS[1], ARGV[1])
            return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            """;
        var watch = new Stopwatch();
        for (var round = 0; round < 10; round++)
        {
            watch.Restart();
            var reply = await RedisPing.CommandAsync(Host, Port, _startTimeout, "EVAL", Script, "3", "warmup:s", "warmup:n", "warmup:h", "1").ConfigureAwait(false);
            if (!reply.StartsWith(':'))
            {
                throw new InvalidOperationException($"{Kind} answered the warm-up script with {reply.Trim()}");
            }

            if (watch.Elapsed < TimeSpan.FromMilliseconds(20))
            {
                return;
            }
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private Task SignalAsync(int signal)
    {
        if (_process is not { HasExited: false } process)
        {
            throw new InvalidOperationException($"{Kind} is not running; restart it before pausing or resuming it.");
        }

        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return Task.CompletedTask;
    }

    /// <summary>The version a <c>redis-server</c> binary reports, e.g. <c>7.0.15</c>.</summary>
    public static async Task<string> VersionAsync(string path)
    {
        var start = new ProcessStartInfo(path) { ArgumentList = { "--version" }, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var text = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

        // "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=…"
        var at = text.IndexOf("v=", StringComparison.Ordinal);
        return at < 0 ? text.Trim() : text[(at + 2)..].Split(' ', 2)[0];
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
