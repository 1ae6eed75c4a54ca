namespace TypingGateway.Diagnostics;

internal static class TelemetryDefaults
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";
    public const string OtlpProtocol = Grpc;

    /// <summary><c>service.name</c> of the exported resource unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "typinggateway";

    // The standard OpenTelemetry variables, read through IConfiguration (environment variables,
    // or any other configuration source) exactly as the OpenTelemetry SDK reads them.
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>Paths appended to the base URL per signal for <c>http/protobuf</c> (OTLP specification).</summary>
    public const string TracesPath = "v1/traces";
    public const string MetricsPath = "v1/metrics";

    /// <summary>Meters exported over OTLP besides ASP.NET Core's, Kestrel's and HttpClient's (added by their instrumentation).</summary>
    public static IReadOnlyList<string> Meters { get; } = [GatewayMetrics.MeterName, "System.Runtime"];
}
