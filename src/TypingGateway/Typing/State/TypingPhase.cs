namespace TypingGateway.Typing.State;

/// <summary>Whether a key is inside a burst whose start was forwarded (design.md §3).</summary>
internal enum TypingPhase
{
    /// <summary>No forwarded start is open: the next start is forwarded at once. Also the state of an unknown key.</summary>
    Idle,

    /// <summary>A start was forwarded and no stop, message or idle stop has ended the burst yet.</summary>
    Typing,
}
