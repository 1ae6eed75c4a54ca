namespace TypingGateway.Auth;

/// <summary>The outcome of checking a guest ticket; every value but <see cref="Valid"/> is a 401 with its own reason.</summary>
internal enum GuestTicketVerdict
{
    Valid,
    Missing,
    Malformed,
    UnknownKey,
    BadSignature,
    Expired,
    TooLongLived,
    WrongSubject,
}
