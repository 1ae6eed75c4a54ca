namespace TypingGateway.Typing;

/// <summary>What to do with typing previews that carry the guest's unsent draft (CXone <c>SendMessagePreview</c>).</summary>
public enum PreviewMode
{
    /// <summary>Pass them through untouched.</summary>
    Forward,

    /// <summary>Drop them: the agent never sees unsent drafts.</summary>
    Drop,
}
