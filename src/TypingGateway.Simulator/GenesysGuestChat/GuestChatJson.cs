using System.Globalization;
using System.Text.Json;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// The Platform API models the guest endpoints answer with (<c>CreateWebChatConversationResponse</c>, <c>WebChatTyping</c>,
/// <c>WebChatMessage</c>, <c>WebChatMemberInfo</c>), field names as in the SDK model docs.
/// </summary>
internal static class GuestChatJson
{
    public const string ContentType = "application/json";

    public static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTimeOffset time) =>
        writer.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary><c>WebChatConversation</c> as it appears inside typing events and messages.</summary>
    public static void WriteConversationRef(Utf8JsonWriter writer, string conversationId)
    {
        writer.WriteStartObject("conversation");
        writer.WriteString("id", conversationId);
        writer.WriteString("selfUri", GuestChatRoutes.Conversations + "/" + conversationId);
        writer.WriteEndObject();
    }

    /// <summary><c>WebChatMemberInfo</c> reduced to its id, as the sender of typing events and messages.</summary>
    public static void WriteSenderRef(Utf8JsonWriter writer, string memberId)
    {
        writer.WriteStartObject("sender");
        writer.WriteString("id", memberId);
        writer.WriteEndObject();
    }
}
