namespace TypingGateway.Auth;

/// <summary>No valid token for an upstream now: the request is answered 503 and not forwarded.</summary>
internal sealed class TokenUnavailableException : Exception
{
    public TokenUnavailableException()
    {
    }

    public TokenUnavailableException(string message)
        : base(message)
    {
    }

    public TokenUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TokenUnavailableException(string upstream, TimeSpan retryAfter, string message)
        : base(message)
    {
        Upstream = upstream;
        RetryAfter = retryAfter;
    }

    public string Upstream { get; } = string.Empty;

    /// <summary>When asking again may succeed (the identity provider's backoff), or zero when unknown.</summary>
    public TimeSpan RetryAfter { get; }
}
