namespace TypingGateway.Simulator.OAuth;

/// <summary>Behaviour of the simulated OAuth client-credentials endpoint (<c>/oauth/token</c>).</summary>
public sealed class OAuthSimulatorOptions
{
    /// <summary>Lifetime of issued tokens (<c>expires_in</c>), in seconds.</summary>
    public int ExpiresInSeconds { get; set; } = OAuthDefaults.ExpiresInSeconds;

    /// <summary>Accepted clients. Empty means the single default client <c>sim-client</c>.</summary>
    public IList<OAuthClientOptions> Clients { get; set; } = [];
}
