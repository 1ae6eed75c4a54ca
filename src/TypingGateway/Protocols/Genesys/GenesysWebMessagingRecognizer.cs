using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// Genesys Cloud Web Messaging guest frames (protocols.md §1): typing is
/// <c>{"action":"onMessage","message":{"type":"Event","events":[{"eventType":"Typing",…}]},"token":…}</c>;
/// any other <c>onMessage</c> except events is a real message. Genesys has no typing Off.
/// The collapse key is the deployment (upgrade query) plus a hash of the session token (every
/// frame): the token lets its holder act as the guest's session, so it never reaches Redis keys,
/// pub/sub messages or logs in clear.
/// </summary>
/// <remarks>
/// One forward-only read of the frame's bytes (<see cref="Utf8JsonReader"/>), no document and no strings: the values it
/// needs are compared in place, every key of every object is checked for duplicates, and the connection's key is reused
/// while the token is the same bytes (<see cref="TypingKeyCache"/>), so a frame costs no allocation. What the read does not
/// handle in place (an escaped property name, token or message type, more names than its stack buffer) goes to the
/// document-based reading, which gives the same answers (the recogniser tests compare both on hostile input).
/// </remarks>
internal sealed class GenesysWebMessagingRecognizer(string profile) : ITypingRecognizer
{
    // What the reader is inside, and the fields it reads (JsonFieldReader's schema).
    private enum Container : byte
    {
        Other,
        Root,
        Message,
        Events,
        Event,
    }

    private enum Field : byte
    {
        None,
        Action,
        Message,
        Token,
        Type,
        Events,
        EventType,
    }

    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        var json = utf8Json.Span;
        if (!JsonText.TryReadObject(json, Read, out var frame))
        {
            return TypingSignal.Other;
        }

        if (frame.NeedsDocument)
        {
            return RecognizeDocument(utf8Json, context);
        }

        if (!frame.OnMessage || frame.Kind == TypingSignalKind.Other)
        {
            return TypingSignal.Other;
        }

        var deployment = context.Query(GenesysFields.DeploymentId);
        var token = frame.Token(json);
        if (deployment is null || token.IsEmpty || !Utf8.IsValid(token))
        {
            return TypingSignal.Other; // cannot tell whose typing this is: pass it through untouched
        }

        var cache = context.KeyCache;
        if (!cache.TryGet(token, out var key))
        {
            key = TypingKey.Create(profile, deployment, HashToken(token));
            cache.Set(token, key);
        }

        return new TypingSignal(frame.Kind, key);
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart) => null;

    /// <summary>Whether the forward-only read answers for <paramref name="utf8Json"/> itself (tests: how much of their input it covered).</summary>
    internal static bool ReadsInPlace(ReadOnlySpan<byte> utf8Json) =>
        !JsonText.TryReadObject(utf8Json, Read, out var frame) || !frame.NeedsDocument;

    /// <summary>The id part of a session token in the collapse key: the session is secret, its key need not be.</summary>
    internal static string HashToken(string token) => HashToken(Encoding.UTF8.GetBytes(token));

    private static string HashToken(ReadOnlySpan<byte> utf8Token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8Token, hash);
        return Convert.ToHexStringLower(hash[..16]); // 128 bits: collisions between live sessions are not a concern
    }

    private static Frame Read(ReadOnlySpan<byte> json)
    {
        Span<byte> containers = stackalloc byte[JsonFieldReader<Schema>.StackSize];
        Span<int> objectIds = stackalloc int[JsonFieldReader<Schema>.StackSize];
        Span<JsonNameSet.Entry> names = stackalloc JsonNameSet.Entry[JsonNameSet.Capacity];
        var reader = new JsonFieldReader<Schema>(json, containers, objectIds, names);
        var frame = default(Frame);
        var isEvent = false;
        var typing = false;
        while (reader.Next())
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                continue; // only strings are values the frame is read by
            }

            switch ((Field)reader.Field)
            {
                case Field.Action:
                    frame.OnMessage = reader.Value.SequenceEqual("onMessage"u8);
                    break;
                case Field.Token:
                    frame.TokenStart = reader.ValueStart;
                    frame.TokenLength = reader.Value.Length;
                    break;
                case Field.Type:
                    if (!Utf8.IsValid(reader.Value))
                    {
                        return Frame.Document; // only text counts as a type: let the document decide
                    }

                    isEvent = reader.Value.SequenceEqual("Event"u8);
                    frame.Kind = isEvent ? TypingSignalKind.Other : TypingSignalKind.Message;
                    break;
                case Field.EventType:
                    typing |= reader.Value.SequenceEqual("Typing"u8);
                    break;
            }
        }

        switch (reader.Status)
        {
            case JsonFieldStatus.NeedsDocument:
                return Frame.Document;
            case JsonFieldStatus.DuplicateKey:
                return default; // not recognised
        }

        if (isEvent && typing)
        {
            frame.Kind = TypingSignalKind.Start;
        }

        return frame;
    }

    // The document-based reading: the same answers, for what the forward-only read leaves to it.
    internal TypingSignal RecognizeDocument(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        using var document = JsonText.TryParseObject(utf8Json);
        if (document is null)
        {
            return TypingSignal.Other;
        }

        var root = document.RootElement;
        if (JsonText.String(root, GenesysFields.Action) != GenesysFields.OnMessage)
        {
            return TypingSignal.Other;
        }

        var message = JsonText.Property(root, GenesysFields.Message);
        var kind = JsonText.String(message, GenesysFields.Type) switch
        {
            GenesysFields.EventType => HasTypingEvent(message) ? TypingSignalKind.Start : TypingSignalKind.Other,
            null => TypingSignalKind.Other,
            _ => TypingSignalKind.Message,
        };
        if (kind == TypingSignalKind.Other)
        {
            return TypingSignal.Other;
        }

        var deployment = context.Query(GenesysFields.DeploymentId);
        var token = JsonText.String(root, GenesysFields.Token);
        return deployment is null || string.IsNullOrEmpty(token)
            ? TypingSignal.Other
            : new TypingSignal(kind, TypingKey.Create(profile, deployment, HashToken(token)));
    }

    private static bool HasTypingEvent(JsonElement message)
    {
        var events = JsonText.Property(message, GenesysFields.Events);
        if (events.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in events.EnumerateArray())
        {
            if (JsonText.String(item, GenesysFields.EventTypeField) == GenesysFields.Typing)
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct Schema : IJsonFieldSchema
    {
        public static byte FieldOf(byte container, ReadOnlySpan<byte> name) => (byte)((Container)container switch
        {
            Container.Root when name.SequenceEqual("action"u8) => Field.Action,
            Container.Root when name.SequenceEqual("message"u8) => Field.Message,
            Container.Root when name.SequenceEqual("token"u8) => Field.Token,
            Container.Message when name.SequenceEqual("type"u8) => Field.Type,
            Container.Message when name.SequenceEqual("events"u8) => Field.Events,
            Container.Event when name.SequenceEqual("eventType"u8) => Field.EventType,
            _ => Field.None,
        });

        public static byte ContainerOf(int depth, byte parent, byte field, bool isObject) => (byte)((depth, (Container)parent, (Field)field, isObject) switch
        {
            (0, _, _, true) => Container.Root,
            (_, Container.Root, Field.Message, true) => Container.Message,
            (_, Container.Message, Field.Events, false) => Container.Events,
            (_, Container.Events, Field.None, true) => Container.Event,
            _ => Container.Other,
        });
    }

    private struct Frame
    {
        public static readonly Frame Document = new() { NeedsDocument = true };

        public bool NeedsDocument;
        public bool OnMessage;
        public TypingSignalKind Kind;
        public int TokenStart;
        public int TokenLength;

        public readonly ReadOnlySpan<byte> Token(ReadOnlySpan<byte> json) => TokenLength == 0 ? default : json.Slice(TokenStart, TokenLength);
    }
}
