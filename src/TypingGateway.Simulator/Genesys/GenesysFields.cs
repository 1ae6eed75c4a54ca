namespace TypingGateway.Simulator.Genesys;

/// <summary>Field names and values of Genesys guest WebSocket frames (protocols.md §1).</summary>
internal static class GenesysFields
{
    public const string Action = "action";
    public const string Token = "token";
    public const string TracingId = "tracingId";
    public const string Message = "message";
    public const string Type = "type";
    public const string Text = "text";
    public const string Events = "events";
    public const string EventType = "eventType";
    public const string Class = "class";
    public const string Code = "code";
    public const string Body = "body";
    public const string Direction = "direction";
    public const string Id = "id";
    public const string Channel = "channel";
    public const string Time = "time";
    public const string MessageId = "messageId";
    public const string Metadata = "metadata";
    public const string CorrelationId = "correlationId";
    public const string Typing = "typing";
    public const string Duration = "duration";
    public const string OriginatingEntity = "originatingEntity";

    public const string DeploymentIdQuery = "deploymentId";

    public const string ConfigureSession = "configureSession";
    public const string ConfigureAuthenticatedSession = "configureAuthenticatedSession";
    public const string OnMessage = "onMessage";
    public const string Echo = "echo";
    public const string GetJwt = "getJwt";
    public const string CloseSession = "closeSession";

    public const string TypeText = "Text";
    public const string TypeStructured = "Structured";
    public const string TypeEvent = "Event";
    public const string EventTyping = "Typing";

    public const string KindPrefix = "genesys.";
    public const string KindInvalid = "genesys.invalid";
    public const string KindText = "genesys.text";
    public const string KindTyping = "genesys.typing";
    public const string KindEvent = "genesys.event";
    public const string KindClose = "genesys.close";
}
