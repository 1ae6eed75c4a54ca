namespace TypingGateway.Typing.State;

/// <summary>What to do with a typing start or stop the guest sent.</summary>
internal enum TypingDecision
{
    /// <summary>Send it upstream.</summary>
    Forward,

    /// <summary>Drop it (WebSocket) or answer 202 without calling upstream (HTTP).</summary>
    Suppress,
}
