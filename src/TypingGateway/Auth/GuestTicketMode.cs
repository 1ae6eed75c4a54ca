namespace TypingGateway.Auth;

/// <summary>Values of the <c>GuestTicket</c> route metadata.</summary>
internal enum GuestTicketMode
{
    /// <summary>Every request must carry a valid ticket for the route's subject.</summary>
    Required,

    /// <summary>No ticket is checked (the route's callers are authenticated some other way).</summary>
    None,
}
