using TypingGateway.Simulator.Hosting;

namespace TypingGateway.Simulator;

/// <summary>Builds the simulator web application (Program.cs and <see cref="SimulatorServer"/>).</summary>
public static class SimulatorApplication
{
    /// <summary>Configuration key of the single Kestrel endpoint appsettings.json declares.</summary>
    internal const string EndpointUrlKey = "Kestrel:Endpoints:Http:Url";

    /// <summary>Builds the application; call <c>Run</c> or <c>StartAsync</c> on the result.</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Changes options after configuration is bound.</param>
    /// <param name="timeProvider">Clock for frames, rate windows, token expiry and delays; the system clock by default.</param>
    public static WebApplication Create(string[] args, Action<SimulatorOptions>? configure = null, TimeProvider? timeProvider = null) =>
        Create(args, configure, timeProvider, url: null);

    internal static WebApplication Create(string[] args, Action<SimulatorOptions>? configure, TimeProvider? timeProvider, string? url)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Kestrel endpoints in configuration win over ASPNETCORE_URLS/--urls, so an explicit URL
        // (ours, or the first of "urls") replaces the appsettings.json endpoint instead.
        url ??= builder.Configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (!string.IsNullOrEmpty(url))
        {
            builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(EndpointUrlKey, url)]);
        }

        builder.Services.AddSimulator(configure, timeProvider);
        var app = builder.Build();
        app.UseSimulator();
        return app;
    }
}
