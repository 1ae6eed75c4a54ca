using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TypingGateway.Simulator;

namespace TypingGateway.BrowserTests.Infrastructure;

/// <summary>
/// The README's first command as a real process: <c>TypingGateway.Dev</c> (the build next to the tests) with the
/// simulator and the gateway on free 127.0.0.1 ports, the shipped <c>config/</c>, and every cluster destination of
/// config/proxy.json and the token URL of config/credentials.json pointed at that simulator (they name :5180).
/// Its console output is captured for failure messages.
/// </summary>
internal sealed class DevLauncherProcess : IAsyncDisposable
{
    private static readonly TimeSpan _readyWithin = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _contentRoot;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _simulatorHttp;

    private DevLauncherProcess(Process process, DirectoryInfo contentRoot, Uri gateway, Uri simulator)
    {
        _process = process;
        _contentRoot = contentRoot;
        Gateway = gateway;
        SimulatorAddress = simulator;
        _simulatorHttp = new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(10) };
        Simulator = new SimulatorClient(_simulatorHttp);
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The gateway, where the demo page is served (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Gateway { get; }

    public Uri SimulatorAddress { get; }

    /// <summary>The simulator's control API, read over HTTP independently of the page.</summary>
    public SimulatorClient Simulator { get; }

    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(40));

    /// <summary>Starts the launcher and waits until the gateway serves <c>/demo/config.json</c>.</summary>
    public static async Task<DevLauncherProcess> StartAsync()
    {
        var gatewayPort = FreeTcpPort();
        var simulatorPort = FreeTcpPort();
        var simulator = new Uri($"http://127.0.0.1:{simulatorPort}/");
        // Not the test directory as content root: the simulator's appsettings.json copied there would configure Kestrel.
        var contentRoot = Directory.CreateTempSubdirectory("typinggateway-dev-");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot.FullName,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TypingGateway.Dev.dll"));
        start.ArgumentList.Add($"--contentRoot={contentRoot.FullName}");
        start.ArgumentList.Add($"--config-dir={Checkout.ConfigDirectory}");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{gatewayPort}");
        start.ArgumentList.Add("--simulator-url");
        start.ArgumentList.Add(simulator.ToString().TrimEnd('/'));
        foreach (var setting in UpstreamOverrides(simulator))
        {
            start.ArgumentList.Add(setting);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var launcher = new DevLauncherProcess(process, contentRoot, new Uri($"http://127.0.0.1:{gatewayPort}/"), simulator);
        try
        {
            await launcher.WaitUntilReadyAsync();
            return launcher;
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
        _simulatorHttp.Dispose();
        _contentRoot.Delete(recursive: true);
    }

    // Command-line settings win over the config directory's files (GatewayConfigFiles): each destination of each
    // cluster, and each upstream's token URL, moved from the shipped :5180 to this run's simulator.
    private static IEnumerable<string> UpstreamOverrides(Uri simulator)
    {
        using var proxy = JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkout.ConfigDirectory, "proxy.json")));
        foreach (var cluster in proxy.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject())
        {
            foreach (var destination in cluster.Value.GetProperty("Destinations").EnumerateObject())
            {
                yield return $"--ReverseProxy:Clusters:{cluster.Name}:Destinations:{destination.Name}:Address={simulator}";
            }
        }

        using var credentials = JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkout.ConfigDirectory, "credentials.json")));
        foreach (var upstream in credentials.RootElement.GetProperty("Upstreams").EnumerateObject())
        {
            var path = new Uri(upstream.Value.GetProperty("TokenUrl").GetString()!).AbsolutePath;
            yield return $"--Upstreams:{upstream.Name}:TokenUrl={new Uri(simulator, path)}";
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < _readyWithin)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Dev launcher exited with {_process.ExitCode}:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("demo/config.json", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow first request while it starts.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The Dev launcher did not serve /demo/config.json within {_readyWithin.TotalSeconds} s:{Environment.NewLine}{OutputTail}");
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
