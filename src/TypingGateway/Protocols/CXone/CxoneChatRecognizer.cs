using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.CXone;

/// <summary>
/// CXone chat frames (protocols.md §3): <c>{"action":"chatWindowEvent","eventId":…,"payload":{"eventType":"SenderTypingStarted"|"SenderTypingEnded"|…}}</c>.
/// The collapse key is brand + channel + visitor, from the frame or else the upgrade query.
/// A synthesized stop is the guest's last start with <c>eventType</c> ended and a new <c>eventId</c>.
/// </summary>
/// <remarks>
/// Read forward-only over the frame's bytes (<see cref="JsonFieldReader{TSchema}"/>): no document, no strings, and the
/// connection's key reused while the frame names the guest with the same bytes, so a frame allocates nothing. What the
/// reader leaves to the document (escapes in names or read values, very many keys) is read as before.
/// </remarks>
internal sealed class CxoneChatRecognizer(string profile) : ITypingRecognizer
{
    // Longest brand + channel + guest identity (with tags and lengths) whose key the connection caches.
    private const int MaxCachedIdentity = 256;

    private enum Container : byte
    {
        Other,
        Root,
        Payload,
        Brand,
        Channel,
        Visitor,
        ConsumerIdentity,
    }

    private enum Field : byte
    {
        None,
        Action,
        Payload,
        EventType,
        Brand,
        Channel,
        Visitor,
        ConsumerIdentity,
        BrandId,
        ChannelId,
        VisitorId,
        IdOnExternalPlatform,
    }

    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        var json = utf8Json.Span;
        if (!JsonText.TryReadObject(json, Read, out var frame))
        {
            return TypingSignal.Other;
        }

        return frame.NeedsDocument ? RecognizeDocument(utf8Json, context)
            : !frame.Recognized ? TypingSignal.Other
            : new TypingSignal(frame.Kind, KeyOf(json, frame, context));
    }

    private static Frame Read(ReadOnlySpan<byte> json)
    {
        Span<byte> containers = stackalloc byte[JsonFieldReader<Schema>.StackSize];
        Span<int> objectIds = stackalloc int[JsonFieldReader<Schema>.StackSize];
        Span<JsonNameSet.Entry> names = stackalloc JsonNameSet.Entry[JsonNameSet.Capacity];
        var reader = new JsonFieldReader<Schema>(json, containers, objectIds, names);
        var frame = default(Frame);
        var chatWindowEvent = false;
        while (reader.Next())
        {
            var value = new Range(reader.ValueStart, reader.ValueStart + reader.Value.Length);
            var isString = reader.TokenType == JsonTokenType.String;
            switch ((Field)reader.Field)
            {
                case Field.Action when isString:
                    chatWindowEvent = reader.Value.SequenceEqual("chatWindowEvent"u8);
                    frame.Recognized = chatWindowEvent || reader.Value.SequenceEqual("register"u8);
                    break;
                case Field.EventType when isString:
                    frame.Kind = reader.Value switch
                    {
                        var v when v.SequenceEqual("SenderTypingStarted"u8) => TypingSignalKind.Start,
                        var v when v.SequenceEqual("SenderTypingEnded"u8) => TypingSignalKind.Stop,
                        var v when v.SequenceEqual("SendMessagePreview"u8) => TypingSignalKind.Preview,
                        var v when v.SequenceEqual("SendMessage"u8) => TypingSignalKind.Message,
                        _ => TypingSignalKind.Other,
                    };
                    break;
                case Field.BrandId:
                    frame.Brand = Scalar(reader, value);
                    break;
                case Field.ChannelId:
                    frame.Channel = Scalar(reader, value);
                    break;
                case Field.VisitorId:
                    frame.Visitor = Scalar(reader, value);
                    break;
                case Field.IdOnExternalPlatform:
                    frame.Consumer = Scalar(reader, value);
                    break;
            }
        }

        switch (reader.Status)
        {
            case JsonFieldStatus.NeedsDocument:
                return new Frame { NeedsDocument = true };
            case JsonFieldStatus.DuplicateKey:
                return default;
        }

        if (!chatWindowEvent)
        {
            frame.Kind = TypingSignalKind.Other;
        }

        return frame;
    }

    // As JsonText.Scalar: a string's text (none when it is not valid UTF-8), a number or literal as written, nothing else.
    private static Range? Scalar(JsonFieldReader<Schema> reader, Range value) => reader.TokenType switch
    {
        JsonTokenType.String => Utf8.IsValid(reader.Value) ? value : null,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => value,
        _ => null,
    };

    /// <summary>As <see cref="KeyOf(JsonElement, TypingContext)"/>, from the frame's bytes; the connection's key when they name the same guest.</summary>
    private TypingKey? KeyOf(ReadOnlySpan<byte> json, Frame frame, TypingContext context)
    {
        var brand = Part(json, frame.Brand, context, CxoneFields.BrandIdQuery, null, null);
        var channel = Part(json, frame.Channel, context, CxoneFields.ChannelIdQuery, null, null);
        var guest = Part(json, frame.Visitor, context, CxoneFields.VisitorIdQuery, CxoneFields.CustomerIdQuery, frame.Consumer);
        if (brand.Source == Source.None || channel.Source == Source.None || guest.Source == Source.None)
        {
            return null;
        }

        Span<byte> identity = stackalloc byte[MaxCachedIdentity];
        var length = 0;
        var cacheable = Append(identity, ref length, json, brand) && Append(identity, ref length, json, channel) && Append(identity, ref length, json, guest);
        if (cacheable && context.KeyCache.TryGet(identity[..length], out var cached))
        {
            return cached;
        }

        var key = TypingKey.Create(profile, Text(json, brand, context), Text(json, channel, context), Text(json, guest, context));
        if (cacheable)
        {
            context.KeyCache.Set(identity[..length], key);
        }

        return key;
    }

    // A key part: the frame's value when it has a non-empty one, else the first query value there is, else the fallback from the frame.
    private static KeyPart Part(ReadOnlySpan<byte> json, Range? fromFrame, TypingContext context, string query, string? secondQuery, Range? fallback)
    {
        if (fromFrame is { } value && !json[value].IsEmpty)
        {
            return new KeyPart(Source.Frame, value, null);
        }

        if (context.Query(query) is not null)
        {
            return new KeyPart(Source.Query, default, query, 0);
        }

        if (secondQuery is not null && context.Query(secondQuery) is not null)
        {
            return new KeyPart(Source.Query, default, secondQuery, 1);
        }

        return fallback is { } last && !json[last].IsEmpty ? new KeyPart(Source.Frame, last, null) : default;
    }

    private static bool Append(Span<byte> identity, ref int length, ReadOnlySpan<byte> json, KeyPart part)
    {
        // A tag and a length before each part: ("ab","c") and ("a","bc") never share an identity. Query values are the
        // connection's own (fixed), so which of the part's queries it came from stands for its value (no bytes).
        var bytes = part.Source == Source.Frame ? json[part.Value] : default;
        if (length + 5 + bytes.Length > identity.Length)
        {
            return false;
        }

        identity[length++] = part.Source == Source.Frame ? (byte)1 : (byte)(2 + part.QueryIndex);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(identity[length..], bytes.Length);
        length += 4;
        bytes.CopyTo(identity[length..]);
        length += bytes.Length;
        return true;
    }

    private static string Text(ReadOnlySpan<byte> json, KeyPart part, TypingContext context) =>
        part.Source == Source.Frame ? Encoding.UTF8.GetString(json[part.Value]) : context.Query(part.Query!)!;

    // The document-based reading: the same answers, for what the forward-only read leaves to it.
    internal TypingSignal RecognizeDocument(ReadOnlyMemory<byte> utf8Json, TypingContext context)
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

    private enum Source : byte
    {
        None,
        Frame,
        Query,
    }

    private readonly record struct KeyPart(Source Source, Range Value, string? Query, byte QueryIndex = 0);

    private struct Frame
    {
        public bool NeedsDocument;
        public bool Recognized;
        public TypingSignalKind Kind;
        public Range? Brand;
        public Range? Channel;
        public Range? Visitor;
        public Range? Consumer;
    }

    private readonly struct Schema : IJsonFieldSchema
    {
        public static byte FieldOf(byte container, ReadOnlySpan<byte> name) => (byte)((Container)container switch
        {
            Container.Root when name.SequenceEqual("action"u8) => Field.Action,
            Container.Root when name.SequenceEqual("payload"u8) => Field.Payload,
            Container.Payload when name.SequenceEqual("eventType"u8) => Field.EventType,
            Container.Payload when name.SequenceEqual("brand"u8) => Field.Brand,
            Container.Payload when name.SequenceEqual("channel"u8) => Field.Channel,
            Container.Payload when name.SequenceEqual("visitor"u8) => Field.Visitor,
            Container.Payload when name.SequenceEqual("consumerIdentity"u8) => Field.ConsumerIdentity,
            Container.Brand when name.SequenceEqual("id"u8) => Field.BrandId,
            Container.Channel when name.SequenceEqual("id"u8) => Field.ChannelId,
            Container.Visitor when name.SequenceEqual("id"u8) => Field.VisitorId,
            Container.ConsumerIdentity when name.SequenceEqual("idOnExternalPlatform"u8) => Field.IdOnExternalPlatform,
            _ => Field.None,
        });

        public static byte ContainerOf(int depth, byte parent, byte field, bool isObject) => (byte)((depth, (Container)parent, (Field)field, isObject) switch
        {
            (0, _, _, true) => Container.Root,
            (_, Container.Root, Field.Payload, true) => Container.Payload,
            (_, Container.Payload, Field.Brand, true) => Container.Brand,
            (_, Container.Payload, Field.Channel, true) => Container.Channel,
            (_, Container.Payload, Field.Visitor, true) => Container.Visitor,
            (_, Container.Payload, Field.ConsumerIdentity, true) => Container.ConsumerIdentity,
            _ => Container.Other,
        });
    }
}
