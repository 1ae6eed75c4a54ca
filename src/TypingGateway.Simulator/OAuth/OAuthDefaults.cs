namespace TypingGateway.Simulator.OAuth;

/// <summary>Defaults of the simulated token endpoint.</summary>
internal static class OAuthDefaults
{
    public const int ExpiresInSeconds = 3600;
    public const string ClientId = "sim-client";
    public const string ClientSecret = "sim-example-secret";

    /// <summary>How many issued tokens <c>GET /_sim/oauth/tokens</c> remembers (the newest).</summary>
    public const int IssuedTokenHistory = 10_000;
}
