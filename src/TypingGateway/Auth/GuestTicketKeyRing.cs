namespace TypingGateway.Auth;

/// <summary>The validated guest-ticket settings: signing keys by key id (bytes held in memory only) and limits.</summary>
internal sealed class GuestTicketKeyRing(
    IReadOnlyDictionary<string, byte[]> keys,
    string headerName,
    string queryParameter,
    TimeSpan maxLifetime,
    TimeSpan clockSkew)
{
    public static GuestTicketKeyRing Empty { get; } = new(
        new Dictionary<string, byte[]>(), AuthDefaults.TicketHeader, AuthDefaults.TicketQueryParameter, AuthDefaults.TicketMaxLifetime, AuthDefaults.TicketClockSkew);

    public string HeaderName { get; } = headerName;

    public string QueryParameter { get; } = queryParameter;

    public TimeSpan MaxLifetime { get; } = maxLifetime;

    public TimeSpan ClockSkew { get; } = clockSkew;

    public IEnumerable<string> KeyIds => keys.Keys;

    public bool TryGetKey(string keyId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? key) => keys.TryGetValue(keyId, out key);
}
