using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway as a real process (<c>dotnet TypingGateway.dll</c>, the build next to the tests) on 127.0.0.1 ports of
/// its own, for what only a process shows: POSIX signals (SIGTERM during a rolling deploy), exit codes and times.
/// Its console log is captured.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private GatewayProcess(Process process, int port, int managementPort)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}/");
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public Uri WebSocketAddress => new UriBuilder(BaseAddress) { Scheme = "ws" }.Uri;

    /// <summary>Where <c>/health/*</c> and <c>/metrics</c> answer (Management:Port).</summary>
    public Uri ManagementAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The console output so far, one entry per line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the process with <paramref name="settings"/> as command-line settings and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<GatewayProcess> StartAsync(string configDirectory, IReadOnlyDictionary<string, string?> settings, TimeSpan? readyWithin = null)
    {
        var port = RedisServerFixture.FreeTcpPort();
        var managementPort = RedisServerFixture.FreeTcpPort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = configDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TypingGateway.dll"));
        // Not the test directory as content root: the simulator's appsettings.json there would configure Kestrel.
        start.ArgumentList.Add($"--contentRoot={configDirectory}");
        start.ArgumentList.Add($"--config-dir={configDirectory}");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--Management:Port={managementPort}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var gateway = new GatewayProcess(process, port, managementPort);
        try
        {
            using var client = new HttpClient { BaseAddress = gateway.ManagementAddress, Timeout = TimeSpan.FromSeconds(5) };
            await Wait.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The gateway exited with {process.ExitCode}: {string.Join(Environment.NewLine, gateway.Output)}");
                    }

                    try
                    {
                        return (await client.GetAsync(Readiness.Path)).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                readyWithin ?? TimeSpan.FromSeconds(60),
                "the gateway process is ready");
            return gateway;
        }
        catch (TimeoutException ex)
        {
            await gateway.DisposeAsync();
            throw new TimeoutException($"{ex.Message} Its output: {string.Join(Environment.NewLine, gateway.Output.TakeLast(30))}", ex);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, as an orchestrator stopping the container sends it.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to exit; its exit code, or null when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
