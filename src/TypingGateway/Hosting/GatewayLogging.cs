using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;
using TypingGateway.Diagnostics;

namespace TypingGateway.Hosting;

/// <summary>
/// Serilog behind Microsoft.Extensions.Logging (Serilog.AspNetCore is not on our package feed).
/// Each host gets its own logger, never the static Log.Logger, so several instances can share a process.
/// </summary>
internal static class GatewayLogging
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static void AddTo(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LogOptions.SectionName).Get<LogOptions>() ?? new LogOptions();
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();

        if (options.Console)
        {
            if (options.Format == LogFormat.Json)
            {
                configuration.WriteTo.Console(new JsonFormatter(renderMessage: true));
            }
            else
            {
                configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        builder.Logging.ClearProviders();
        // Serilog decides what is written; other providers added later (tests) see everything.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
