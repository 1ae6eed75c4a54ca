namespace TypingGateway.Proxy;

/// <summary>Route <c>Metadata</c> keys the gateway understands. Each key has exactly one owner here.</summary>
public static class RouteMetadataKeys
{
    /// <summary>Names the typing profile whose collapse rules apply to the route.</summary>
    public const string TypingProfile = "TypingProfile";
}
