namespace TypingGateway.Auth;

/// <summary>What the token endpoint answered: the access token and its lifetime.</summary>
internal readonly record struct IssuedToken(string Value, TimeSpan Lifetime)
{
    /// <summary>Never the token itself, so an accidental log line cannot leak it.</summary>
    public override string ToString() => $"IssuedToken(lifetime {Lifetime})";
}
