using System.Text.Json;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Genesys;

/// <summary>Server→guest frames, byte-exact in field order to protocols.md §1.2.</summary>
internal static class GenesysFrames
{
    private const string TypeResponse = "response";
    private const string TypeMessage = "message";
    private const string ClassString = "string";
    private const string ClassStructuredMessage = "StructuredMessage";

    public static byte[] RequestFailed(string? tracingId) => StringResponse(400, "Request failed.", tracingId);

    public static byte[] SessionNotFound(string? tracingId) => StringResponse(4007, "session not found error message", tracingId);

    public static byte[] MessageTooLong(string? tracingId) => StringResponse(4011, "message too long", tracingId);

    public static byte[] UnexpectedError(string? tracingId) => StringResponse(5000, "Request failed.", tracingId);

    public static byte[] StringResponse(int code, string body, string? tracingId) =>
        Response(ClassString, code, w => w.WriteString(GenesysFields.Body, body), tracingId);

    public static byte[] SessionResponse(bool newSession, string? tracingId) => Response("SessionResponse", 200, w =>
    {
        w.WriteStartObject(GenesysFields.Body);
        w.WriteBoolean("connected", true);
        w.WriteBoolean("newSession", newSession);
        w.WriteEndObject();
    }, tracingId);

    public static byte[] TooManyRequests(int retryAfterSeconds, string? tracingId) => Response("TooManyRequestsErrorMessage", 429, w =>
    {
        w.WriteStartObject(GenesysFields.Body);
        w.WriteNumber("retryAfter", retryAfterSeconds);
        w.WriteNumber("errorCode", 4029);
        w.WriteString("errorMessage", "Message rate too high for this session");
        w.WriteEndObject();
    }, tracingId);

    public static byte[] EchoResponse(string? text, string? tracingId) => Response(ClassStructuredMessage, 200, w =>
    {
        w.WriteStartObject(GenesysFields.Body);
        w.WriteString(GenesysFields.Text, text);
        w.WriteString(GenesysFields.Type, GenesysFields.TypeText);
        w.WriteString(GenesysFields.Direction, "Inbound");
        w.WriteString(GenesysFields.Id, NewId());
        w.WriteEndObject();
    }, tracingId);

    public static byte[] JwtResponse(long expiresAtUnixSeconds, string? tracingId) => Response("JwtResponse", 200, w =>
    {
        w.WriteStartObject(GenesysFields.Body);
        w.WriteString("jwt", "sim-jwt-" + NewId());
        w.WriteNumber("exp", expiresAtUnixSeconds);
        w.WriteEndObject();
    }, tracingId);

    public static byte[] InboundEcho(string text, DateTimeOffset now) => Message(ClassStructuredMessage, w =>
    {
        w.WriteString(GenesysFields.Text, text);
        w.WriteString(GenesysFields.Direction, "Inbound");
        w.WriteString(GenesysFields.Id, NewId());
        WriteChannelWithMessageId(w, now);
        w.WriteString(GenesysFields.Type, GenesysFields.TypeText);
        WriteMetadata(w);
    });

    public static byte[] AgentTyping(int durationMs, DateTimeOffset now) => Message(ClassStructuredMessage, w =>
    {
        w.WriteString(GenesysFields.Direction, "Outbound");
        w.WriteString(GenesysFields.Id, NewId());
        WriteChannelWithMessageId(w, now);
        w.WriteString(GenesysFields.Type, GenesysFields.TypeEvent);
        WriteMetadata(w);
        w.WriteStartArray(GenesysFields.Events);
        w.WriteStartObject();
        w.WriteString(GenesysFields.EventType, GenesysFields.EventTyping);
        w.WriteStartObject(GenesysFields.Typing);
        w.WriteString(GenesysFields.Type, "On");
        w.WriteNumber(GenesysFields.Duration, durationMs);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    public static byte[] AgentReply(string text, DateTimeOffset now) => Message(ClassStructuredMessage, w =>
    {
        w.WriteString(GenesysFields.Text, text);
        w.WriteString(GenesysFields.Direction, "Outbound");
        w.WriteString(GenesysFields.Id, NewId());
        w.WriteStartObject(GenesysFields.Channel);
        w.WriteString(GenesysFields.Time, FrameTime.Format(now));
        w.WriteString(GenesysFields.Type, "Private");
        w.WriteEndObject();
        w.WriteString(GenesysFields.Type, GenesysFields.TypeText);
        w.WriteString(GenesysFields.OriginatingEntity, "Bot");
        WriteMetadata(w);
    });

    public static byte[] ConnectionClosed(string reason) => Message("ConnectionClosedEvent", w => w.WriteString("reason", reason));

    private static byte[] Response(string frameClass, int code, Action<Utf8JsonWriter> writeBody, string? tracingId) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(GenesysFields.Type, TypeResponse);
        w.WriteString(GenesysFields.Class, frameClass);
        w.WriteNumber(GenesysFields.Code, code);
        writeBody(w);
        if (tracingId is not null)
        {
            w.WriteString(GenesysFields.TracingId, tracingId);
        }

        w.WriteEndObject();
    });

    private static byte[] Message(string frameClass, Action<Utf8JsonWriter> writeBodyFields) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString(GenesysFields.Type, TypeMessage);
        w.WriteString(GenesysFields.Class, frameClass);
        w.WriteNumber(GenesysFields.Code, 200);
        w.WriteStartObject(GenesysFields.Body);
        writeBodyFields(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteChannelWithMessageId(Utf8JsonWriter w, DateTimeOffset now)
    {
        w.WriteStartObject(GenesysFields.Channel);
        w.WriteString(GenesysFields.Time, FrameTime.Format(now));
        w.WriteString(GenesysFields.MessageId, NewId());
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w)
    {
        w.WriteStartObject(GenesysFields.Metadata);
        w.WriteString(GenesysFields.CorrelationId, NewId());
        w.WriteEndObject();
    }

    private static string NewId() => Guid.NewGuid().ToString("D");
}
