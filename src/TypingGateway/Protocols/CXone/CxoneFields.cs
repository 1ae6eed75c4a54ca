namespace TypingGateway.Protocols.CXone;

/// <summary>CXone chat wire names (protocols.md §3).</summary>
internal static class CxoneFields
{
    public const string Action = "action";
    public const string ChatWindowEvent = "chatWindowEvent";
    public const string EventId = "eventId";
    public const string Payload = "payload";
    public const string EventType = "eventType";
    public const string TypingStarted = "SenderTypingStarted";
    public const string TypingEnded = "SenderTypingEnded";
    public const string Preview = "SendMessagePreview";
    public const string SendMessage = "SendMessage";
    public const string Visitor = "visitor";
    public const string Brand = "brand";
    public const string Channel = "channel";
    public const string Id = "id";
    public const string BrandIdQuery = "brandId";
    public const string ChannelIdQuery = "channelId";
    public const string VisitorIdQuery = "visitorId";
    public const string CustomerIdQuery = "customerId";
    public const string Register = "register";
    public const string ConsumerIdentity = "consumerIdentity";
    public const string IdOnExternalPlatform = "idOnExternalPlatform";
}
