using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace TypingGateway.Simulator;

/// <summary>A simulator running on Kestrel in the current process, for tests.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _httpClient;

    private SimulatorServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        _httpClient = new HttpClient { BaseAddress = baseAddress };
        Client = new SimulatorClient(_httpClient);
    }

    /// <summary>The bound http address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Control client bound to <see cref="BaseAddress"/>.</summary>
    public SimulatorClient Client { get; }

    /// <summary>Starts a simulator; <c>port 0</c> in <paramref name="url"/> picks a free port.</summary>
    public static async Task<SimulatorServer> StartAsync(
        string url = "http://127.0.0.1:0",
        Action<SimulatorOptions>? configure = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        // Tests start many simulators in one process: no appsettings watcher each (inotify instances are limited).
        var app = SimulatorApplication.Create(["--hostBuilder:reloadConfigOnChange=false", "--Logging:LogLevel:Microsoft.AspNetCore=Warning"], configure, timeProvider, url);
        try
        {
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var address = addresses.First(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
            return new SimulatorServer(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server, aborting open WebSockets.</summary>
    public async ValueTask DisposeAsync()
    {
        _httpClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
