namespace TypingGateway.Hosting;

/// <summary>Paths the gateway serves itself (never proxied).</summary>
public static class GatewayEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    /// <summary>This instance's totals as JSON, with the first seed's field names (README "Metrics and the JSON summary").</summary>
    public const string Summary = "/summary";

    /// <summary>Tag of the health checks that make up readiness.</summary>
    public const string ReadyTag = "ready";
}
