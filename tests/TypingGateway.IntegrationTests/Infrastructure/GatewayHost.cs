using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Testing;
using TypingGateway.Hosting;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One gateway instance on a real Kestrel port of 127.0.0.1, configured exactly as the real
/// program is (AddTypingGateway / UseTypingGateway), with its log captured.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IConfiguration _configuration;

    private GatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _configuration = app.Configuration;
        BaseAddress = baseAddress;
        Logs = app.Services.GetFakeLogCollector();
    }

    public Uri BaseAddress { get; }

    public Uri WebSocketAddress => new UriBuilder(BaseAddress) { Scheme = "ws" }.Uri;

    /// <summary>Every entry this instance logged at Debug or above (Serilog decides what it writes; this sees everything).</summary>
    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an instance reading <paramref name="configDirectory"/>; <paramref name="settings"/> override it like command-line arguments.</summary>
    public static async Task<GatewayHost> StartAsync(string configDirectory, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        // Tests run many hosts in one process: the default appsettings watcher of each would use up
        // the machine's inotify instances (128 by default) and silently stop the config-dir watchers.
        var args = new List<string>
        {
            $"--config-dir={configDirectory}", "--urls=http://127.0.0.1:0", "--Logs:Console=false", "--hostBuilder:reloadConfigOnChange=false",
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
        builder.AddTypingGateway();
        builder.Logging.AddFakeLogging().AddFilter<FakeLoggerProvider>(level => level >= LogLevel.Debug);

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
        return new GatewayHost(app, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        (_configuration as IDisposable)?.Dispose(); // releases the config-dir file watcher
    }
}
