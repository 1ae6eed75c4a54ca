namespace TypingGateway.Auth;

/// <summary>Defaults of upstream credentials and guest tickets, in one place.</summary>
internal static class AuthDefaults
{
    public const string UpstreamsSection = "Upstreams";

    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RefreshJitter = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan TokenRequestTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ForcedRenewalInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often an instance that waits for another's refresh looks for the new token.</summary>
    public static readonly TimeSpan RefreshPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>A token is not used in the last tenth of its life (at most this long), so it cannot expire in flight.</summary>
    public static readonly TimeSpan MaxExpirySafety = TimeSpan.FromSeconds(5);

    public const string TicketHeader = "X-Guest-Ticket";

    public const string TicketQueryParameter = "guest_ticket";

    public static readonly TimeSpan TicketMaxLifetime = TimeSpan.FromHours(24);

    public static readonly TimeSpan TicketClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104 §3).</summary>
    public const int MinTicketKeyBytes = 32;
}
