namespace TypingGateway.Auth;

/// <summary>
/// Guest tickets: HMAC-SHA256 proofs, minted by the customer's backend, that a browser may act for
/// one guest or conversation id on routes that require them (route metadata <c>GuestTicket</c>).
/// </summary>
public sealed class GuestTicketOptions
{
    public const string SectionName = "GuestTickets";

    /// <summary>Signing keys by key id. Several may be active at once, so keys rotate without downtime.</summary>
    public Dictionary<string, GuestTicketKeyOptions> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Request header that carries the ticket. Default <c>X-Guest-Ticket</c>.</summary>
    public string HeaderName { get; set; } = AuthDefaults.TicketHeader;

    /// <summary>Query parameter that carries the ticket where headers cannot be set (browser WebSockets). Default <c>guest_ticket</c>.</summary>
    public string QueryParameter { get; set; } = AuthDefaults.TicketQueryParameter;

    /// <summary>Tickets that expire further in the future than this are refused. Default 24 hours.</summary>
    public TimeSpan MaxLifetime { get; set; } = AuthDefaults.TicketMaxLifetime;

    /// <summary>Tolerated clock difference between the minting backend and the gateway. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = AuthDefaults.TicketClockSkew;
}
