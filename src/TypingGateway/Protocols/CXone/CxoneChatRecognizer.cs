using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.CXone;

/// <summary>
/// CXone chat frames (protocols.md §3): <c>{"action":"chatWindowEvent","eventId":…,"payload":{"eventType":"SenderTypingStarted"|"SenderTypingEnded"|…}}</c>.
/// The collapse key is brand + channel + visitor, from the frame or else the upgrade query.
/// A synthesized stop is the guest's last start with <c>eventType</c> ended and a new <c>eventId</c>.
/// </summary>
internal sealed class CxoneChatRecognizer(string profile) : ITypingRecognizer
{
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        using var document = JsonText.TryParseObject(utf8Json);
        if (document is null || JsonText.String(document.RootElement, CxoneFields.Action) != CxoneFields.ChatWindowEvent)
        {
            return TypingSignal.Other;
        }

        var payload = JsonText.Property(document.RootElement, CxoneFields.Payload);
        var kind = JsonText.String(payload, CxoneFields.EventType) switch
        {
            CxoneFields.TypingStarted => TypingSignalKind.Start,
            CxoneFields.TypingEnded => TypingSignalKind.Stop,
            CxoneFields.Preview => TypingSignalKind.Preview,
            CxoneFields.SendMessage => TypingSignalKind.Message,
            _ => TypingSignalKind.Other,
        };
        if (kind == TypingSignalKind.Other)
        {
            return TypingSignal.Other;
        }

        var brand = IdOf(payload, CxoneFields.Brand) ?? context.Query(CxoneFields.BrandIdQuery);
        var channel = IdOf(payload, CxoneFields.Channel) ?? context.Query(CxoneFields.ChannelIdQuery);
        var visitor = IdOf(payload, CxoneFields.Visitor) ?? context.Query(CxoneFields.VisitorIdQuery);
        return brand is null || channel is null || visitor is null
            ? new TypingSignal(kind, null)
            : new TypingSignal(kind, TypingKey.Create(profile, brand, channel, visitor));
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(lastStart.Span);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject frame || frame[CxoneFields.Payload] is not JsonObject payload)
        {
            return null;
        }

        frame[CxoneFields.EventId] = Guid.NewGuid().ToString();
        payload[CxoneFields.EventType] = CxoneFields.TypingEnded;
        return JsonSerializer.SerializeToUtf8Bytes(frame);
    }

    private static string? IdOf(JsonElement payload, string property) =>
        JsonText.Scalar(JsonText.Property(JsonText.Property(payload, property), CxoneFields.Id));
}
