namespace TypingGateway.Typing;

/// <summary>How the guest's chat client signals typing (design.md §3); it sets the default safety-net stop.</summary>
public enum TypingClientStyle
{
    /// <summary>The client repeats starts while the guest types (Genesys Messenger: every 5 s): idle soon after the last start.</summary>
    LevelTriggered,

    /// <summary>
    /// The client sends one start per burst and its own stop (the CXone web SDK: 1 s after the last key): only a long
    /// silence ends a burst without the client's stop.
    /// </summary>
    EdgeTriggered,
}
