namespace TypingGateway.Diagnostics;

internal static class MetricsDefaults
{
    public const string Path = "/metrics";

    public static IReadOnlyList<string> Meters { get; } =
        [GatewayMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];
}
