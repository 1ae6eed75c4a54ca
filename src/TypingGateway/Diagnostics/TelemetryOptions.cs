namespace TypingGateway.Diagnostics;

/// <summary>
/// OpenTelemetry export over OTLP: traces and metrics go to a collector when an endpoint is set here
/// or in the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; with neither, nothing is registered (no
/// listener, no exporter) and the <c>/metrics</c> endpoint is the only output. Read at start.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Base URL of the OTLP receiver, e.g. <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318</c> (HTTP; <c>/v1/traces</c> and <c>/v1/metrics</c> are appended).
    /// Takes precedence over <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Empty by default.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Protocol of <see cref="OtlpEndpoint"/>: <c>grpc</c> (default) or <c>http/protobuf</c>, spelled as in
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (which applies when only the environment endpoint is set).
    /// </summary>
    public string OtlpProtocol { get; set; } = TelemetryDefaults.OtlpProtocol;
}
