namespace TypingGateway.Typing;

/// <summary>Which recogniser a profile uses.</summary>
public enum TypingProfileKind
{
    /// <summary>Genesys Cloud Web Messaging guest WebSocket (<c>onMessage</c> Event/Typing).</summary>
    GenesysWebMessaging,

    /// <summary>NICE CXone chat WebSocket (<c>SenderTypingStarted</c>/<c>SenderTypingEnded</c>).</summary>
    CxoneChat,

    /// <summary>Genesys Platform REST: <c>POST …/conversations/messages/{c}/communications/{m}/typing</c>.</summary>
    GenesysAgentRest,

    /// <summary>Any JSON chat API, described by JSON pointers and values.</summary>
    Json,
}
