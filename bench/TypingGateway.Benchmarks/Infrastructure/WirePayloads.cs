using System.Text;

namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>
/// Guest payloads in the platforms' real wire formats (shared/protocols.md): the frames the official
/// SDKs send, with realistic ids (the SDKs use UUIDs), and text messages padded to exactly 200 bytes.
/// </summary>
internal static class WirePayloads
{
    /// <summary>Size of the "chat message" frames' payloads: a short guest message in its JSON envelope.</summary>
    public const int MessageSize = 200;

    public const string GenesysDeploymentId = "f3b1c9a2-7d4e-4b8a-9e61-2c5d8a7f0b13";

    private const string GenesysToken = "8c0e5a6d-41f2-4b9e-a7c3-5d2e9f1b6a04";

    private const string CxoneVisitor = "0a7e4c21-9b3d-4f58-8e26-71c4d9a3b5f0";

    /// <summary>Genesys Web Messaging guest typing (§1.2, "Guest TYPING": UserTypingRequest as the SDK serializes it).</summary>
    public static byte[] GenesysTyping { get; } = Encoding.UTF8.GetBytes(
        "{\"token\":\"" + GenesysToken + "\",\"tracingId\":\"5f1d2c3b-8a9e-4d7f-b6c5-e4a3b2c1d0e9\",\"action\":\"onMessage\","
        + "\"message\":{\"events\":[{\"eventType\":\"Typing\",\"typing\":{\"type\":\"On\"}}],\"type\":\"Event\"}}");

    /// <summary>Genesys Web Messaging guest text message (§1.2, "Guest text message"), 200 bytes.</summary>
    public static byte[] GenesysText { get; } = Padded(
        "{\"token\":\"" + GenesysToken + "\",\"message\":{\"text\":\"",
        "\",\"type\":\"Text\"},\"tracingId\":\"9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\"action\":\"onMessage\"}");

    /// <summary>
    /// Genesys agent/bot text to the guest (§1.2, "Agent/bot text to guest": StructuredMessage, Outbound), 200 bytes
    /// (without the optional originatingEntity, channel.type and metadata, to leave room for some text).
    /// </summary>
    public static byte[] GenesysAgentText { get; } = Padded(
        "{\"type\":\"message\",\"class\":\"StructuredMessage\",\"code\":200,\"body\":{\"text\":\"",
        "\",\"direction\":\"Outbound\",\"id\":\"m1\",\"channel\":{\"time\":\"2026-11-21T12:00:00.000Z\"},\"type\":\"Text\"}}");

    /// <summary>CXone guest typing started (§3.2, "Guest typing started": chatWindowEvent SenderTypingStarted).</summary>
    public static byte[] CxoneTypingStarted { get; } = Encoding.UTF8.GetBytes(
        "{\"action\":\"chatWindowEvent\",\"eventId\":\"c6f0e2d4-3a1b-4c9d-8e7f-6a5b4c3d2e1f\",\"payload\":{\"eventType\":\"SenderTypingStarted\","
        + "\"brand\":{\"id\":1234},\"channel\":{\"id\":\"chat_6e1f0a3b\"},\"consumerIdentity\":{\"idOnExternalPlatform\":\"" + CxoneVisitor + "\"},"
        + "\"data\":{\"thread\":{\"idOnExternalPlatform\":\"2d4f6a8c-0e1b-4d3f-a5c7-9e0b2d4f6a8c\"}},\"destination\":{},"
        + "\"visitor\":{\"id\":\"" + CxoneVisitor + "\"},\"visit\":{}}}");

    /// <summary>
    /// CXone guest text message (§3.2, "Send text message": chatWindowEvent SendMessage) with the envelope every
    /// chatWindowEvent carries (as in the typing frame), without authorization: 916 bytes. Not 200: the SDK's frame is
    /// that large even for a short message (browser fingerprint, thread, custom fields), so it is kept whole.
    /// </summary>
    public static byte[] CxoneText { get; } = Encoding.UTF8.GetBytes(
        "{\"action\":\"chatWindowEvent\",\"eventId\":\"7b9d1f3a-5c7e-4a9b-8d1f-3a5c7e9b1d3f\",\"payload\":{\"eventType\":\"SendMessage\","
        + "\"brand\":{\"id\":1234},\"channel\":{\"id\":\"chat_6e1f0a3b\"},\"consumerIdentity\":{\"idOnExternalPlatform\":\"" + CxoneVisitor + "\"},"
        + "\"data\":{\"messageContent\":{\"type\":\"TEXT\",\"payload\":{\"text\":\"Hello, my parcel has not arrived yet. Could you check it?\"}},"
        + "\"browserFingerprint\":{\"browser\":\"Chrome\",\"browserVersion\":\"131.0.0.0\",\"country\":\"\",\"ip\":null,\"language\":\"en-US\","
        + "\"location\":\"https://shop.example.com/help\",\"os\":\"Windows\",\"osVersion\":\"10\",\"deviceType\":\"desktop\",\"applicationType\":\"browser\"},"
        + "\"idOnExternalPlatform\":\"4e6a8c0e-2b4d-4f6a-9c0e-2b4d6f8a0c2e\",\"thread\":{\"idOnExternalPlatform\":\"2d4f6a8c-0e1b-4d3f-a5c7-9e0b2d4f6a8c\"},"
        + "\"consumer\":{\"customFields\":[]},\"consumerContact\":{\"customFields\":[]},\"attachments\":[]},\"destination\":{},"
        + "\"visitor\":{\"id\":\"" + CxoneVisitor + "\"},\"visit\":{}}}");

    /// <summary>The generic Json profile's tutorial WebSocket shape (the JsonTypingRecognizer tests' frames): a typing start.</summary>
    public static byte[] JsonTyping { get; } = Encoding.UTF8.GetBytes("{\"type\":\"typing\",\"guestId\":\"g-4f2a9c\",\"timestamp\":1700000000000}");

    /// <summary>The generic Json profile's tutorial shape: a chat message, 200 bytes.</summary>
    public static byte[] JsonText { get; } = Padded("{\"type\":\"message\",\"guestId\":\"g-4f2a9c\",\"text\":\"", "\"}");

    /// <summary>Genesys Platform REST typing body (§2.1, MessageTypingEventRequest).</summary>
    public static byte[] GenesysAgentTyping { get; } = Encoding.UTF8.GetBytes("{\"typing\":{\"type\":\"On\",\"duration\":5000},\"dateSent\":\"2024-01-01T00:00:00.000Z\"}");

    /// <summary>An opaque binary message (e.g. a file chunk): passes the filter uninspected.</summary>
    public static byte[] Binary { get; } = [.. Enumerable.Range(0, MessageSize).Select(i => (byte)(i * 31))];

    /// <summary>Fills the text between <paramref name="head"/> and <paramref name="tail"/> up to <see cref="MessageSize"/> bytes.</summary>
    private static byte[] Padded(string head, string tail)
    {
        const string Words = "Hello, I ordered a pair of shoes last week and the parcel has not arrived yet. Could you check the delivery status for me? ";
        var room = MessageSize - head.Length - tail.Length;
        if (room < 1)
        {
            throw new InvalidOperationException($"The envelope alone is {head.Length + tail.Length} bytes, over {MessageSize}.");
        }

        var text = string.Concat(Enumerable.Repeat(Words, (room / Words.Length) + 1))[..room];
        return Encoding.UTF8.GetBytes(head + text + tail);
    }
}
