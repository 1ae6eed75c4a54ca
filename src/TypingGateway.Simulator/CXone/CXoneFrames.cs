using System.Globalization;
using System.Text.Json;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>Server→client CXone frames, in the field order of protocols.md §3.</summary>
internal static class CXoneFrames
{
    /// <summary>The heartbeat answer is a JSON string, quotes included.</summary>
    public static byte[] Pong { get; } = "\"pong\""u8.ToArray();

    /// <summary>
    /// The answer to <c>AuthorizeCustomer</c>. The web SDK resolves its request by <c>eventId</c> and then
    /// rejects the answer ("Authorization failed") unless <c>postback.data.status</c> is <c>success</c>.
    /// </summary>
    public static byte[] ConsumerAuthorized(string? eventId, string? idOnExternalPlatform, int expiresInSeconds) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, eventId);
        w.WriteStartObject(CXoneFields.Postback);
        w.WriteString(CXoneFields.EventType, CXoneFields.EventConsumerAuthorized);
        w.WriteStartObject(CXoneFields.Data);
        w.WriteString(CXoneFields.Status, CXoneFields.StatusSuccess);
        w.WriteStartObject(CXoneFields.ConsumerIdentity);
        w.WriteString(CXoneFields.IdOnExternalPlatform, idOnExternalPlatform);
        w.WriteString("firstName", "");
        w.WriteString("lastName", "");
        w.WriteEndObject();
        w.WriteStartObject("accessToken");
        w.WriteString("token", "sim-access-" + Guid.NewGuid().ToString("D"));
        w.WriteNumber("expiresIn", expiresInSeconds);
        w.WriteBoolean("isExpired", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>The answer to <c>ReconnectConsumer</c> (an <c>authorize()</c> while the SDK still holds an access token).</summary>
    public static byte[] ConsumerReconnected(string? eventId) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, eventId);
        w.WriteStartObject(CXoneFields.Postback);
        w.WriteString(CXoneFields.EventType, CXoneFields.EventConsumerReconnected);
        w.WriteStartObject(CXoneFields.Data);
        w.WriteString(CXoneFields.Status, CXoneFields.StatusSuccess);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// The guest's own message, pushed to every tab. It carries the <c>SendMessage</c>'s <c>eventId</c>: the web SDK
    /// resolves the pending <c>sendTextMessage()</c> with whichever frame arrives with that id.
    /// </summary>
    public static byte[] MessageCreated(CXoneRequest request, long caseId, DateTimeOffset now) =>
        MessageCreated(request.EventId, request.MessageIdOnExternalPlatform, request.ThreadIdOnExternalPlatform, caseId, now, CXoneFields.DirectionInbound,
            w => WriteRaw(w, request.MessageContentJson));

    /// <summary>An agent's text message pushed to the guest (no request: a fresh <c>eventId</c>).</summary>
    public static byte[] AgentMessageCreated(string threadId, string text, long caseId, DateTimeOffset now) =>
        MessageCreated(Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D"), threadId, caseId, now, CXoneFields.DirectionOutbound, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "TEXT");
            w.WriteStartObject(CXoneFields.Payload);
            w.WriteString("text", text);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static byte[] Error(string? eventId, string errorCode) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, eventId);
        w.WriteStartObject("error");
        w.WriteString("errorCode", errorCode);
        w.WriteString("transactionId", Guid.NewGuid().ToString("D"));
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] MessageCreated(
        string? eventId,
        string? messageId,
        string? threadId,
        long caseId,
        DateTimeOffset now,
        string direction,
        Action<Utf8JsonWriter> writeContent) => JsonFrame.Build(w =>
    {
        var time = FrameTime.Format(now);
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, eventId);
        w.WriteString(CXoneFields.EventType, CXoneFields.EventMessageCreated);
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteStartObject(CXoneFields.Data);

        w.WriteStartObject(CXoneFields.Message);
        w.WriteString(CXoneFields.IdOnExternalPlatform, messageId);
        w.WriteString(CXoneFields.ThreadIdOnExternalPlatform, threadId);
        w.WritePropertyName(CXoneFields.MessageContent);
        writeContent(w);
        w.WriteString(CXoneFields.Direction, direction);
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteEndObject();

        w.WriteStartObject("case");
        w.WriteString(CXoneFields.Id, caseId.ToString(CultureInfo.InvariantCulture));
        w.WriteString(CXoneFields.ThreadIdOnExternalPlatform, threadId);
        w.WriteString(CXoneFields.Status, "new");
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteEndObject();

        w.WriteStartObject(CXoneFields.Thread);
        w.WriteString(CXoneFields.IdOnExternalPlatform, threadId);
        w.WriteString("threadName", "");
        w.WriteEndObject();

        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteRaw(Utf8JsonWriter w, string? json)
    {
        if (json is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
