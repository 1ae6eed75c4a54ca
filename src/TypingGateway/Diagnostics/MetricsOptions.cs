namespace TypingGateway.Diagnostics;

/// <summary>Options of the <c>/metrics</c> endpoint.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Path of the Prometheus text endpoint. Default <c>/metrics</c>.</summary>
    public string Path { get; set; } = MetricsDefaults.Path;

    /// <summary>
    /// Meter-name prefixes exported on <see cref="Path"/>. Default: the gateway's own meter plus
    /// ASP.NET Core hosting (request durations) and Kestrel (connections, upgraded WebSockets).
    /// </summary>
    public IList<string> Meters { get; } = [];
}
