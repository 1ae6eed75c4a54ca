namespace TypingGateway.Auth;

/// <summary>
/// Per request on a credential route: the token to inject (the transform reads it) and what happened
/// upstream, so the step can renew and replay after a 401.
/// </summary>
internal sealed class UpstreamCredentialFeature(string upstream, UpstreamToken token)
{
    public string Upstream { get; } = upstream;

    /// <summary>The token the next attempt carries.</summary>
    public UpstreamToken Token { get; set; } = token;

    /// <summary>The request body is buffered (or there is none) and a 401 would renew the token, so the request can be sent again.</summary>
    public bool Replayable { get; set; }

    /// <summary>The upstream answered 401 to <see cref="Token"/>.</summary>
    public bool Rejected { get; set; }

    /// <summary>The 401 was held back from the client (body discarded) because a replay follows.</summary>
    public bool ReplayPending { get; set; }

    /// <summary>The request was already replayed once; a second 401 goes to the client.</summary>
    public bool Replayed { get; set; }
}
