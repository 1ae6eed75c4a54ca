namespace TypingGateway.Auth;

/// <summary>
/// One upstream whose OAuth 2.0 client-credentials tokens the gateway injects (<c>Upstreams:&lt;name&gt;</c>).
/// A route uses it through its <c>Upstream</c> metadata. The client secret is never written in
/// config: it is read from an environment variable or a file.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The token endpoint, e.g. <c>https://login.mypurecloud.com/oauth/token</c>.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>The OAuth client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Name of the environment variable that holds the client secret.</summary>
    public string? ClientSecretEnv { get; set; }

    /// <summary>Path of a file that holds the client secret (relative paths: from the config directory); read on every token request.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Scopes to request (sent space-separated as <c>scope</c>); none by default.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>How the client authenticates at the token endpoint. Default <see cref="UpstreamAuthStyle.Basic"/>.</summary>
    public UpstreamAuthStyle AuthStyle { get; set; } = UpstreamAuthStyle.Basic;

    /// <summary>Refresh this long before the token expires. Default 5 minutes.</summary>
    public TimeSpan RefreshMargin { get; set; } = AuthDefaults.RefreshMargin;

    /// <summary>Up to this much earlier again, at random, so refreshes of many upstreams spread out. Default 30 s.</summary>
    public TimeSpan RefreshJitter { get; set; } = AuthDefaults.RefreshJitter;

    /// <summary>How long one token request may take. Default 10 s.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = AuthDefaults.TokenRequestTimeout;

    /// <summary>After a failed token request, wait this long (doubling per failure, with jitter) before the next. Default 1 s.</summary>
    public TimeSpan FailureBackoff { get; set; } = AuthDefaults.FailureBackoff;

    /// <summary>The longest backoff between failed token requests, before the jitter (which adds up to a quarter). Default 30 s.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = AuthDefaults.MaxFailureBackoff;

    /// <summary>
    /// A 401 from the upstream forces a renewal only for a token at least this old, so an upstream
    /// that rejects every token cannot make the gateway hammer the identity provider. Default 5 s.
    /// </summary>
    public TimeSpan ForcedRenewalInterval { get; set; } = AuthDefaults.ForcedRenewalInterval;
}
