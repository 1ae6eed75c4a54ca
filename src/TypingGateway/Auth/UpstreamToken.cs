namespace TypingGateway.Auth;

/// <summary>
/// A token in use, with its timeline: refresh from <see cref="RefreshAt"/>, never used from
/// <see cref="UsableUntil"/> (a little before it expires, so it cannot expire in flight).
/// </summary>
internal sealed class UpstreamToken
{
    private UpstreamToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt, TimeSpan refreshBefore)
    {
        Value = value;
        Fingerprint = TokenProtector.Fingerprint(value);
        AuthorizationValue = "Bearer " + value;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        RefreshBefore = refreshBefore;
        RefreshAt = expiresAt - refreshBefore;
        var lifetime = expiresAt - issuedAt;
        UsableUntil = expiresAt - TimeSpan.FromTicks(Math.Min(AuthDefaults.MaxExpirySafety.Ticks, lifetime.Ticks / 10));
    }

    public string Value { get; }

    public string Fingerprint { get; }

    /// <summary>The <c>Authorization</c> header value, built once.</summary>
    public string AuthorizationValue { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public DateTimeOffset RefreshAt { get; }

    public DateTimeOffset UsableUntil { get; }

    /// <summary>How long before expiry the refresh starts (margin plus this token's jitter).</summary>
    public TimeSpan RefreshBefore { get; }

    public TimeSpan Lifetime => ExpiresAt - IssuedAt;

    /// <summary>
    /// A token just issued. The lifetime counts from <paramref name="requestedAt"/>, before the request went
    /// out, so the gateway's idea of expiry is never later than the identity provider's. A token too
    /// short-lived for the margin is refreshed at half its life.
    /// </summary>
    public static UpstreamToken Issued(IssuedToken issued, DateTimeOffset requestedAt, Upstream upstream, double jitterSample)
    {
        var refreshBefore = upstream.RefreshMargin + (upstream.RefreshJitter * jitterSample);
        if (refreshBefore >= issued.Lifetime)
        {
            refreshBefore = issued.Lifetime / 2;
        }

        return new UpstreamToken(issued.Value, requestedAt, requestedAt + issued.Lifetime, refreshBefore);
    }

    /// <summary>A token another instance obtained, as cached in Redis: <paramref name="remaining"/> of <paramref name="lifetime"/> left.</summary>
    public static UpstreamToken Shared(string value, DateTimeOffset now, TimeSpan remaining, TimeSpan lifetime, TimeSpan refreshBefore) =>
        new(value, now + remaining - lifetime, now + remaining, refreshBefore);

    /// <summary>Never the token itself, so an accidental log line cannot leak it.</summary>
    public override string ToString() => $"UpstreamToken({Fingerprint}, expires {ExpiresAt:O})";
}
