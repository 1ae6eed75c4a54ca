namespace TypingGateway.Auth;

/// <summary>A validated upstream: where and how to get its tokens, and when to refresh them.</summary>
internal sealed record Upstream(
    string Name,
    Uri TokenUrl,
    string ClientId,
    SecretReference ClientSecret,
    string? Scope,
    UpstreamAuthStyle AuthStyle,
    TimeSpan RefreshMargin,
    TimeSpan RefreshJitter,
    TimeSpan TokenRequestTimeout,
    TimeSpan FailureBackoff,
    TimeSpan MaxFailureBackoff,
    TimeSpan ForcedRenewalInterval);
