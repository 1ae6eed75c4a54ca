namespace TypingGateway.Auth;

/// <summary>The validated <c>Upstreams</c> and <c>GuestTickets</c> sections, swapped as one on reload.</summary>
internal sealed record CredentialsConfig(IReadOnlyDictionary<string, Upstream> Upstreams, GuestTicketKeyRing Tickets)
{
    public static CredentialsConfig Empty { get; } = new(new Dictionary<string, Upstream>(), GuestTicketKeyRing.Empty);
}
