using OpenTelemetry.Exporter;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Where OTLP goes. <see cref="Endpoint"/> null means "as the standard <c>OTEL_EXPORTER_OTLP_*</c>
/// variables say", which the OpenTelemetry SDK reads itself.
/// </summary>
internal sealed record OtlpTarget(Uri? Endpoint, OtlpExportProtocol Protocol)
{
    /// <summary>The target of <c>Telemetry:OtlpEndpoint</c>, else of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when telemetry is off (or the option is invalid, which validation reports).</summary>
    public static OtlpTarget? Resolve(TelemetryOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return ParseEndpoint(options.OtlpEndpoint) is { } endpoint && ParseProtocol(options.OtlpProtocol) is { } protocol
                ? new OtlpTarget(endpoint, protocol)
                : null;
        }

        return string.IsNullOrWhiteSpace(configuration[TelemetryDefaults.EndpointVariable]) ? null : new OtlpTarget(null, OtlpExportProtocol.Grpc);
    }

    /// <summary>For the log: scheme, host and path only (a URL's user info could be a credential), or the variable's name.</summary>
    public string DisplayEndpoint =>
        Endpoint?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) ?? TelemetryDefaults.EndpointVariable;

    public static Uri? ParseEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    public static OtlpExportProtocol? ParseProtocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        TelemetryDefaults.Grpc => OtlpExportProtocol.Grpc,
        TelemetryDefaults.HttpProtobuf => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };

    /// <summary>
    /// Applies the gateway's endpoint to one signal's exporter. Set in code, an endpoint is used as
    /// given, so for HTTP the signal's path is appended here (the SDK does it only for the variable).
    /// </summary>
    public void Apply(OtlpExporterOptions exporter, string signalPath)
    {
        if (Endpoint is null)
        {
            return;
        }

        exporter.Protocol = Protocol;
        exporter.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : Endpoint;
    }
}
