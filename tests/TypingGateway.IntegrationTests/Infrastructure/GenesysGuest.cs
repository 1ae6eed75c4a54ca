namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Genesys guest sessions through a gateway: a fresh session, and a tab with its session configured.</summary>
public static class GenesysGuest
{
    /// <summary>A new guest session token and deployment id.</summary>
    public static (string Token, string Deployment) NewSession() => (Guid.NewGuid().ToString(), "dep-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Opens a tab on <paramref name="gateway"/>'s Genesys guest route <paramref name="routePrefix"/> and waits for its SessionResponse.</summary>
    public static async Task<ChatGuest> OpenTabAsync(GatewayHost gateway, string routePrefix, string token, string deployment)
    {
        var tab = await ChatGuest.ConnectAsync(new Uri(gateway.WebSocketAddress, $"{routePrefix}/v1?deploymentId={deployment}"));
        await tab.SendAsync(GenesysFrames.ConfigureSession(token, deployment));
        await tab.WaitForAsync(f => f.Contains("SessionResponse", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        return tab;
    }
}
