namespace TypingGateway.Hosting;

/// <summary>Paths the gateway serves itself (never proxied).</summary>
public static class GatewayEndpoints
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    /// <summary>Tag of the health checks that make up readiness.</summary>
    public const string ReadyTag = "ready";
}
