using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis for the tests: <c>redis-server</c> from PATH, else Microsoft Garnet (the .NET
/// tool in .config/dotnet-tools.json), else fail with a clear message. <c>REDIS_URL=host:port</c>
/// uses an existing server instead (then stop/restart/pause are not available).
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;
    private string _kind = "none";

    public int Port { get; private set; }

    public string Host { get; private set; } = "127.0.0.1";

    /// <summary>StackExchange.Redis configuration string of the server.</summary>
    public string Configuration => $"{Host}:{Port}";

    /// <summary>True when this fixture owns the server process and can stop, restart or pause it.</summary>
    public bool CanControl => _kind is "redis-server" or "garnet";

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("REDIS_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            var uri = url.Contains("://", StringComparison.Ordinal) ? new Uri(url) : new Uri("redis://" + url);
            (Host, Port, _kind) = (uri.Host, uri.Port > 0 ? uri.Port : 6379, "external");
            await WaitForPingAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return;
        }

        Port = FreeTcpPort();
        var attempts = new List<string>();
        if (FindOnPath("redis-server") is { } redisServer)
        {
            _kind = "redis-server";
            try
            {
                await StartProcessAsync().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex)
            {
                attempts.Add($"redis-server at {redisServer} did not start: {ex.Message}");
            }
        }
        else
        {
            attempts.Add("redis-server is not on PATH (install it with: apt-get install -y redis-server)");
        }

        _kind = "garnet";
        try
        {
            await RunToolRestoreAsync().ConfigureAwait(false);
            await StartProcessAsync().ConfigureAwait(false);
            return;
        }
        catch (InvalidOperationException ex)
        {
            attempts.Add($"Garnet (dotnet tool garnet-server) did not start: {ex.Message}");
        }

        throw new InvalidOperationException(
            "These tests need a real Redis and none could be started. " + string.Join("; ", attempts)
            + ". Alternatively set REDIS_URL=host:port to use a running server.");
    }

    public async Task DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Kills the server (as a crash would).</summary>
    public async Task StopAsync()
    {
        EnsureControllable();
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

    /// <summary>Starts the server again on the same port, empty.</summary>
    public Task RestartAsync()
    {
        EnsureControllable();
        return _process is null ? StartProcessAsync() : Task.CompletedTask;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Unfreezes a paused server (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        EnsureControllable();
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -{signal} {process.Id} failed with exit code {kill.ExitCode}.");
            }
        }
    }

    private void EnsureControllable()
    {
        if (_kind == "external")
        {
            throw new InvalidOperationException("REDIS_URL points at an external server; this test needs to stop/start Redis itself. Unset REDIS_URL.");
        }
    }

    private async Task StartProcessAsync()
    {
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = _kind == "redis-server"
            ? new ProcessStartInfo("redis-server") { ArgumentList = { "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" } }
            : new ProcessStartInfo("dotnet") { ArgumentList = { "tool", "run", "garnet-server", "--", "--port", port, "--bind", "127.0.0.1", "--lua", "true" }, WorkingDirectory = RepositoryRoot() };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await WaitForPingAsync(_startTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException($"no PONG on port {Port} within {_startTimeout.TotalSeconds:0} s. Output: {Tail(text)}");
        }
    }

    private async Task WaitForPingAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await TryPingAsync().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"Redis at {Host}:{Port} did not answer PING within {timeout.TotalSeconds:0} s.");
    }

    private async Task<bool> TryPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(Host, Port, cts.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunToolRestoreAsync()
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { "tool", "restore" }, WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run dotnet tool restore");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed: {Tail(await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false))}");
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TypingGateway.sln")))
            {
                return dir.FullName;
            }
        }

        var recorded = typeof(RedisServerFixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, "TypingGateway.sln"))
            ? recorded
            : throw new InvalidOperationException("Cannot find the repository root (TypingGateway.sln) above " + AppContext.BaseDirectory);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
