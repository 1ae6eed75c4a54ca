using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Formatting.Json;
using TypingGateway.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.Hosting;

/// <summary>
/// Serilog (Serilog.AspNetCore) as the only logging provider, and one line per request. Each host gets its
/// own logger, never the static <see cref="Log.Logger"/>, so several instances can share a process.
/// Every sink — the console and any <see cref="ILogEventSink"/> registered as a service (tests) — sits
/// behind one <see cref="RedactingSink"/>, so no category at any level writes a ticket or a token.
/// </summary>
internal static class GatewayLogging
{
    public static void AddTo(WebApplicationBuilder builder)
    {
        IConfiguration configuration = builder.Configuration;
        builder.Services.AddOptions<LogOptions>().BindConfiguration(LogOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LogOptions>, LogOptionsValidator>();

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, logger) => Configure(logger, configuration, services), preserveStaticLogger: true);
    }

    /// <summary>
    /// The request line, placed before routing so that its duration covers routing, rate limiting, the
    /// gateway's proxy steps and forwarding. Its path never has the query string.
    /// </summary>
    public static void UseRequestLogging(WebApplication app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = LogDefaults.RequestTemplate;
            options.IncludeQueryInRequestPath = false;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set(LogDefaults.RouteProperty, RouteOf(context));
                diagnostics.Set(nameof(EventId), LogDefaults.RequestCompleted, destructureObjects: true);
            };
        });

    internal static string RouteOf(HttpContext context) => context.GetEndpoint() switch
    {
        { } endpoint when endpoint.Metadata.GetMetadata<RouteModel>() is { } proxied => proxied.Config.RouteId,
        RouteEndpoint endpoint => endpoint.RoutePattern.RawText ?? endpoint.DisplayName ?? LogDefaults.NoRoute,
        { DisplayName: { } name } => name,
        _ => LogDefaults.NoRoute,
    };

    private static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services)
    {
        logger.MinimumLevel.Is(LogDefaults.DefaultLevel);
        foreach (var (source, level) in LogDefaults.DefaultOverrides)
        {
            logger.MinimumLevel.Override(source, level);
        }

        // Levels (reloaded with the config directory), enrichers and filters; sinks declared there are refused
        // by LogOptionsValidator and never built, since they would not sit behind the redaction.
        if (!LogOptionsValidator.DeclaredSinkSections(configuration).Any())
        {
            logger.ReadFrom.Configuration(configuration);
        }

        logger.Enrich.FromLogContext();

        var options = configuration.GetSection(LogOptions.SectionName).Get<LogOptions>() ?? new LogOptions();
        logger.WriteTo.Sink(LoggerSinkConfiguration.Wrap(sinks => new RedactingSink(sinks, configuration), sinks =>
        {
            if (options.Console)
            {
                if (options.Format == LogFormat.Json)
                {
                    sinks.Console(new JsonFormatter(renderMessage: true));
                }
                else
                {
                    sinks.Console(outputTemplate: LogDefaults.TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            foreach (var sink in services.GetServices<ILogEventSink>())
            {
                sinks.Sink(sink);
            }
        }));
    }
}
