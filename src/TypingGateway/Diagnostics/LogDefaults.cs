using Serilog.Events;

namespace TypingGateway.Diagnostics;

/// <summary>Defaults of the gateway's log output, in one place.</summary>
internal static class LogDefaults
{
    /// <summary>The <c>Serilog</c> section of the configuration (levels, enrichers, filters; never sinks).</summary>
    public const string SerilogSection = "Serilog";

    /// <summary>Subsections of <c>Serilog</c> that declare sinks, which the gateway refuses (see <see cref="LogOptionsValidator"/>).</summary>
    public static readonly IReadOnlyList<string> SinkSections = ["WriteTo", "AuditTo"];

    public const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// One line per request. RequestPath is the path without the query string; Route is the YARP route id of
    /// a proxied request, else the endpoint's route pattern, else <see cref="NoRoute"/>.
    /// </summary>
    public const string RequestTemplate = "HTTP {RequestMethod} {RequestPath} ({Route}) responded {StatusCode} in {Elapsed:0.0} ms";

    public const string RouteProperty = "Route";

    public const string NoRoute = "-";

    /// <summary>The event id the request line carries, like the gateway's own events (hosting range 1000–1099).</summary>
    public static readonly EventId RequestCompleted = new(1004, "RequestCompleted");

    /// <summary>Levels that apply unless <c>Serilog:MinimumLevel</c> says otherwise.</summary>
    public const LogEventLevel DefaultLevel = LogEventLevel.Information;

    public static readonly IReadOnlyDictionary<string, LogEventLevel> DefaultOverrides = new Dictionary<string, LogEventLevel>(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
        ["Yarp"] = LogEventLevel.Warning,
    };
}
