namespace TypingGateway.Protocols.Genesys;

/// <summary>Genesys wire names (protocols.md §1, §2).</summary>
internal static class GenesysFields
{
    public const string Action = "action";

    /// <summary>Why a Genesys profile's Stop must be None.</summary>
    public const string NoTypingOff = "Genesys has no typing Off, so the gateway never sends or synthesizes one.";
    public const string OnMessage = "onMessage";
    public const string Message = "message";
    public const string Type = "type";
    public const string EventType = "Event";
    public const string Events = "events";
    public const string EventTypeField = "eventType";
    public const string Typing = "Typing";
    public const string TypingField = "typing";
    public const string On = "On";
    public const string Token = "token";
    public const string DeploymentId = "deploymentId";
    public const string Text = "text";
    public const string OnAttachment = "onAttachment";
    public const string FileType = "fileType";
    public const string ConversationId = "conversationId";
    public const string CommunicationId = "communicationId";
}
