using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using TypingGateway.Hosting;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One gateway instance on a real Kestrel port of 127.0.0.1, configured exactly as the real
/// program is (AddTypingGateway / UseTypingGateway), with its log captured through the product's
/// Serilog pipeline (redaction included), every category at Debug unless the settings say otherwise.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IConfiguration _configuration;

    private GatewayHost(WebApplication app, Uri baseAddress, LogSink logs)
    {
        _app = app;
        _configuration = app.Configuration;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    private int _disposed;

    public Uri BaseAddress { get; }

    public Uri WebSocketAddress => new UriBuilder(BaseAddress) { Scheme = "ws" }.Uri;

    public LogSink Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts an instance reading <paramref name="configDirectory"/>; <paramref name="settings"/> override it like
    /// command-line arguments; <paramref name="configure"/> runs after <c>AddTypingGateway</c> (e.g. to add a
    /// telemetry exporter the test reads).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        string configDirectory,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        // Tests run many hosts in one process: the default appsettings watcher of each would use up
        // the machine's inotify instances (128 by default) and silently stop the config-dir watchers.
        var args = new List<string>
        {
            $"--config-dir={configDirectory}", "--urls=http://127.0.0.1:0", "--Logs:Console=false", "--hostBuilder:reloadConfigOnChange=false",
            "--Serilog:MinimumLevel:Default=Debug", "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Debug", "--Serilog:MinimumLevel:Override:Yarp=Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args],
            ContentRootPath = Path.GetTempPath(),
            EnvironmentName = "Testing",
        });
        var logs = new LogSink();
        builder.AddTypingGateway();
        builder.Services.AddSingleton<Serilog.Core.ILogEventSink>(logs);
        configure?.Invoke(builder);

        var app = builder.Build();
        try
        {
            app.UseTypingGateway();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayHost(app, new Uri(address), logs);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Stops the instance as a killed process would look to Redis and to the other instances: its Redis connection
    /// is cut first, so nothing it does on the way down (a connection's tab leaving the typing set, an idle stop)
    /// reaches the shared state, and its guests' sockets drop.
    /// </summary>
    public async ValueTask KillAsync()
    {
        if (_app.Services.GetRequiredService<TypingGateway.Redis.RedisConnection>().Multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        }

        // A cancelled token: Kestrel aborts the open connections instead of draining them.
        using var now = new CancellationTokenSource();
        await now.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(now.Token).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // killed earlier
        }

        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        (_configuration as IDisposable)?.Dispose(); // releases the config-dir file watcher
    }
}
