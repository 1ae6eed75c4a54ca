namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Guest frames as the CXone web SDK builds them (protocols.md §3.2).</summary>
public static class CxoneFrames
{
    public static string Event(string eventType, string visitor, int n) =>
        $$$$"""{"action":"chatWindowEvent","eventId":"{{{{visitor}}}}-{{{{n}}}}","payload":{"eventType":"{{{{eventType}}}}","brand":{"id":1234},"channel":{"id":"chat_test"},"consumerIdentity":{"idOnExternalPlatform":"{{{{visitor}}}}"},"data":{"thread":{"idOnExternalPlatform":"thread-{{{{visitor}}}}"}},"destination":{},"visitor":{"id":"{{{{visitor}}}}"},"visit":{}}}""";

    public static string Started(string visitor, int n) => Event("SenderTypingStarted", visitor, n);

    public static string Ended(string visitor, int n) => Event("SenderTypingEnded", visitor, n);

    public static string Message(string visitor, int n, string text) =>
        "{\"action\":\"chatWindowEvent\",\"eventId\":\"" + visitor + "-" + n + "\",\"payload\":{\"eventType\":\"SendMessage\",\"brand\":{\"id\":1234},\"channel\":{\"id\":\"chat_test\"},\"visitor\":{\"id\":\"" + visitor
        + "\"},\"data\":{\"messageContent\":{\"type\":\"TEXT\",\"payload\":{\"text\":\"" + text + "\"}},\"idOnExternalPlatform\":\"msg-" + n + "\",\"thread\":{\"idOnExternalPlatform\":\"thread-" + visitor + "\"}}}}";

    public static string Path(string visitor) => $"/cxone?brandId=1234&channelId=chat_test&visitorId={visitor}";
}
