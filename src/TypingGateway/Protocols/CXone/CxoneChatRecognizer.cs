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
        var action = document is null ? null : JsonText.String(document.RootElement, CxoneFields.Action);
        if (action is not (CxoneFields.ChatWindowEvent or CxoneFields.Register))
        {
            return TypingSignal.Other;
        }

        var payload = JsonText.Property(document!.RootElement, CxoneFields.Payload);
        var kind = action != CxoneFields.ChatWindowEvent ? TypingSignalKind.Other : JsonText.String(payload, CxoneFields.EventType) switch
        {
            CxoneFields.TypingStarted => TypingSignalKind.Start,
            CxoneFields.TypingEnded => TypingSignalKind.Stop,
            CxoneFields.Preview => TypingSignalKind.Preview,
            CxoneFields.SendMessage => TypingSignalKind.Message,
            _ => TypingSignalKind.Other,
        };

        // Every guest frame names the guest, so a connection knows whom it serves from its first frame (a reconnect
        // included) and can deliver a stop owed to that guest.
        return new TypingSignal(kind, KeyOf(payload, context));
    }

    /// <summary>
    /// brand + channel + guest. The guest is the visitor id (frame, else socket query), else the socket query's
    /// <c>customerId</c>, else the frame's <c>consumerIdentity.idOnExternalPlatform</c>: the web SDK initialised as its
    /// README shows leaves <c>visitorId</c> empty, but always sends the other two.
    /// </summary>
    private TypingKey? KeyOf(JsonElement payload, TypingContext context)
    {
        var brand = NonEmpty(IdOf(payload, CxoneFields.Brand)) ?? context.Query(CxoneFields.BrandIdQuery);
        var channel = NonEmpty(IdOf(payload, CxoneFields.Channel)) ?? context.Query(CxoneFields.ChannelIdQuery);
        var guest = NonEmpty(IdOf(payload, CxoneFields.Visitor))
            ?? context.Query(CxoneFields.VisitorIdQuery)
            ?? context.Query(CxoneFields.CustomerIdQuery)
            ?? NonEmpty(JsonText.Scalar(JsonText.Property(JsonText.Property(payload, CxoneFields.ConsumerIdentity), CxoneFields.IdOnExternalPlatform)));
        return brand is null || channel is null || guest is null ? null : TypingKey.Create(profile, brand, channel, guest);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart)
    {
        // One guard around parse and serialize: a start with text that JSON syntax allows but a string cannot hold
        // (a lone surrogate) fails only when written back; a stop that cannot be built is not sent.
        try
        {
            if (JsonNode.Parse(lastStart.Span) is not JsonObject frame || frame[CxoneFields.Payload] is not JsonObject payload)
            {
                return null;
            }

            frame[CxoneFields.EventId] = Guid.NewGuid().ToString();
            payload[CxoneFields.EventType] = CxoneFields.TypingEnded;
            return JsonSerializer.SerializeToUtf8Bytes(frame);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? IdOf(JsonElement payload, string property) =>
        JsonText.Scalar(JsonText.Property(JsonText.Property(payload, property), CxoneFields.Id));
}
