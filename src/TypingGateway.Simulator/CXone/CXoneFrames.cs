using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>Server→client CXone frames, in the field order of protocols.md §3.</summary>
internal static class CXoneFrames
{
    /// <summary>The heartbeat answer is a JSON string, quotes included.</summary>
    public static byte[] Pong { get; } = "\"pong\""u8.ToArray();

    public static byte[] ConsumerAuthorized(string? eventId, string? idOnExternalPlatform, int expiresInSeconds) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, eventId);
        w.WriteStartObject("postback");
        w.WriteString(CXoneFields.EventType, "ConsumerAuthorized");
        w.WriteStartObject(CXoneFields.Data);
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

    public static byte[] MessageCreated(CXoneRequest request, long caseId, DateTimeOffset now) => JsonFrame.Build(w =>
    {
        var time = FrameTime.Format(now);
        var threadId = request.ThreadIdOnExternalPlatform;
        w.WriteStartObject();
        w.WriteString(CXoneFields.EventId, Guid.NewGuid().ToString("D"));
        w.WriteString(CXoneFields.EventType, "MessageCreated");
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteStartObject(CXoneFields.Data);

        w.WriteStartObject("message");
        w.WriteString(CXoneFields.IdOnExternalPlatform, request.MessageIdOnExternalPlatform);
        w.WriteString(CXoneFields.ThreadIdOnExternalPlatform, threadId);
        w.WritePropertyName(CXoneFields.MessageContent);
        if (request.MessageContentJson is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(request.MessageContentJson, skipInputValidation: true);
        }

        w.WriteString("direction", "inbound");
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteEndObject();

        w.WriteStartObject("case");
        w.WriteString(CXoneFields.Id, caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString(CXoneFields.ThreadIdOnExternalPlatform, threadId);
        w.WriteString("status", "new");
        w.WriteString(CXoneFields.CreatedAt, time);
        w.WriteEndObject();

        w.WriteStartObject(CXoneFields.Thread);
        w.WriteString(CXoneFields.IdOnExternalPlatform, threadId);
        w.WriteString("threadName", "");
        w.WriteEndObject();

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
}
