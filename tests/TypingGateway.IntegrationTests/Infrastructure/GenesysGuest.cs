using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Genesys guest sessions through a gateway: a fresh session, and a tab with its session configured.</summary>
public static class GenesysGuest
{
    /// <summary>A new guest session token and deployment id.</summary>
    public static (string Token, string Deployment) NewSession() => (Guid.NewGuid().ToString(), "dep-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Opens a tab on <paramref name="gateway"/>'s Genesys guest route <paramref name="routePrefix"/> and waits for its SessionResponse.</summary>
    public static Task<ChatGuest> OpenTabAsync(GatewayHost gateway, string routePrefix, string token, string deployment) =>
        OpenTabAsync(gateway.WebSocketAddress, routePrefix, token, deployment);

    /// <summary>
    /// Opens a tab on the Genesys guest route <paramref name="routePrefix"/> of <paramref name="webSocketAddress"/> (a gateway
    /// or a load balancer); <paramref name="collectResponseHeaders"/> keeps the upgrade response's headers.
    /// </summary>
    public static async Task<ChatGuest> OpenTabAsync(Uri webSocketAddress, string routePrefix, string token, string deployment, bool collectResponseHeaders = false)
    {
        var tab = await ChatGuest.ConnectAsync(new Uri(webSocketAddress, $"{routePrefix}/v1?deploymentId={deployment}"), collectResponseHeaders: collectResponseHeaders);
        try
        {
            await tab.SendAsync(GenesysFrames.ConfigureSession(token, deployment));
            await tab.WaitForAsync(f => f.Contains("SessionResponse", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            return tab;
        }
        catch
        {
            await tab.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Keystrokes from <paramref name="tab"/> every 100 ms (at most <paramref name="maxKeystrokes"/>) until the platform
    /// has <paramref name="typingCount"/> typing requests of the session: a start that yields to the guest's message
    /// budget goes with a later keystroke once the budget has room. Returns the keystrokes it took and the frames sent.
    /// </summary>
    public static async Task<(int Keystrokes, List<string> Sent)> TypeUntilForwardedAsync(
        ChatGuest tab, SimulatorClient simulator, string token, int typingCount, int firstKey, int maxKeystrokes = 40)
    {
        var sent = new List<string>();
        while (sent.Count < maxKeystrokes)
        {
            sent.Add(GenesysFrames.Typing(token, firstKey + sent.Count));
            await tab.SendAsync(sent[^1]);
            await Task.Delay(100);
            if ((await simulator.GetRecordsAsync(session: token, kind: "genesys.typing")).Count >= typingCount)
            {
                return (sent.Count, sent);
            }
        }

        throw new TimeoutException($"{maxKeystrokes} keystrokes, 100 ms apart, and the platform still has fewer than {typingCount} typing requests.");
    }
}
