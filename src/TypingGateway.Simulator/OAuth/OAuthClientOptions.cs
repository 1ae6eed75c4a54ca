namespace TypingGateway.Simulator.OAuth;

/// <summary>One client the simulated token endpoint accepts.</summary>
public sealed class OAuthClientOptions
{
    /// <summary>The client id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret.</summary>
    public string ClientSecret { get; set; } = "";
}
