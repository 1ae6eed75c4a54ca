namespace TypingGateway.Simulator.CXone;

/// <summary>Field names and values of CXone chat WebSocket frames (protocols.md §3).</summary>
internal static class CXoneFields
{
    public const string Action = "action";
    public const string EventId = "eventId";
    public const string Payload = "payload";
    public const string EventType = "eventType";
    public const string Visitor = "visitor";
    public const string Id = "id";
    public const string ConsumerIdentity = "consumerIdentity";
    public const string IdOnExternalPlatform = "idOnExternalPlatform";
    public const string Data = "data";
    public const string Thread = "thread";
    public const string MessageContent = "messageContent";
    public const string ThreadIdOnExternalPlatform = "threadIdOnExternalPlatform";
    public const string CreatedAt = "createdAt";
    public const string Postback = "postback";
    public const string Status = "status";
    public const string Message = "message";
    public const string Direction = "direction";

    /// <summary>The web SDK accepts a <c>ConsumerAuthorized</c> postback only with <c>data.status</c> = this value (its <c>isAuthSuccessEvent</c>).</summary>
    public const string StatusSuccess = "success";
    public const string DirectionInbound = "inbound";
    public const string DirectionOutbound = "outbound";

    public const string VisitorIdQuery = "visitorId";

    /// <summary>The web SDK's non-secured socket URL names the customer; its <c>visitorId</c> is empty unless the app sets one.</summary>
    public const string CustomerIdQuery = "customerId";

    public const string ActionHeartbeat = "heartbeat";
    public const string ActionRegister = "register";
    public const string ActionChatWindowEvent = "chatWindowEvent";
    public const string EventAuthorizeCustomer = "AuthorizeCustomer";
    public const string EventSendMessage = "SendMessage";
    public const string EventReconnectConsumer = "ReconnectConsumer";
    public const string EventConsumerAuthorized = "ConsumerAuthorized";
    public const string EventConsumerReconnected = "ConsumerReconnected";
    public const string EventMessageCreated = "MessageCreated";

    public const string KindPrefix = "cxone.";
    public const string KindHeartbeat = "cxone.heartbeat";
    public const string KindInvalid = "cxone.invalid";
    public const string KindClose = "cxone.close";

    public const string ErrorInvalidRequest = "InvalidRequest";
    public const string ErrorTooManyRequests = "TooManyRequests";
    public const string ErrorInternalServerError = "InternalServerError";
}
