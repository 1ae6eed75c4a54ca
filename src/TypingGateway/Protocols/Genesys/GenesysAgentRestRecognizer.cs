using System.Text.Json;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// <c>POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/typing</c>
/// (protocols.md §2.1): a body <c>{"typing":{"type":"On",…}}</c> is a typing-on for that
/// communication. <c>On</c> is the only type the API allows, so there is no stop; any other body
/// is passed through for the platform to reject.
/// </summary>
/// <remarks>
/// The body is read forward-only (<see cref="JsonFieldReader{TSchema}"/>): no document and no strings, every key of every
/// object checked for duplicates. The key comes from the route alone, which is fixed for the request's context, so it is
/// built once per context (<see cref="TypingKeyCache"/>) and a recognised body costs no allocation. What the reader leaves
/// to the document (an escaped name or type, more names than its stack buffer) is read as before.
/// </remarks>
internal sealed class GenesysAgentRestRecognizer(string profile) : ITypingRecognizer
{
    private enum Container : byte
    {
        Other,
        Root,
        Typing,
    }

    private enum Field : byte
    {
        None,
        Typing,
        Type,
    }

    private enum Body : byte
    {
        Other,
        TypingOn,
        NeedsDocument,
    }

    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        if (!JsonText.TryReadObject(utf8Json.Span, Read, out var body))
        {
            return TypingSignal.Other;
        }

        return body switch
        {
            Body.NeedsDocument => RecognizeDocument(utf8Json, context),
            Body.TypingOn => Start(context),
            _ => TypingSignal.Other,
        };
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart) => null;

    /// <summary>Whether the forward-only read answers for <paramref name="utf8Json"/> itself (tests: how much of their input it covered).</summary>
    internal static bool ReadsInPlace(ReadOnlySpan<byte> utf8Json) =>
        !JsonText.TryReadObject(utf8Json, Read, out var body) || body != Body.NeedsDocument;

    private static Body Read(ReadOnlySpan<byte> json)
    {
        Span<byte> containers = stackalloc byte[JsonFieldReader<Schema>.StackSize];
        Span<int> objectIds = stackalloc int[JsonFieldReader<Schema>.StackSize];
        Span<JsonNameSet.Entry> names = stackalloc JsonNameSet.Entry[JsonNameSet.Capacity];
        var reader = new JsonFieldReader<Schema>(json, containers, objectIds, names);
        var on = false;
        while (reader.Next())
        {
            // "typing" is shown too when its value is a scalar: only the type inside a typing object counts.
            if ((Field)reader.Field == Field.Type)
            {
                on = reader.TokenType == JsonTokenType.String && reader.Value.SequenceEqual("On"u8);
            }
        }

        return reader.Status switch
        {
            JsonFieldStatus.NeedsDocument => Body.NeedsDocument,
            JsonFieldStatus.DuplicateKey => Body.Other, // not recognised
            _ => on ? Body.TypingOn : Body.Other,
        };
    }

    // The document-based reading of the body: the same answers, for what the forward-only read leaves to it.
    internal TypingSignal RecognizeDocument(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        using var document = JsonText.TryParseObject(utf8Json);
        var typing = document is null ? default : JsonText.Property(document.RootElement, GenesysFields.TypingField);
        return JsonText.String(typing, GenesysFields.Type) == GenesysFields.On ? Start(context) : TypingSignal.Other;
    }

    private TypingSignal Start(TypingContext context)
    {
        var conversation = context.RouteValue(GenesysFields.ConversationId);
        var communication = context.RouteValue(GenesysFields.CommunicationId);
        if (conversation is null || communication is null)
        {
            return TypingSignal.Other;
        }

        // The route's values are the context's own (fixed for it), so the cached key stands for them without any bytes.
        var cache = context.KeyCache;
        if (!cache.TryGet(default, out var key))
        {
            key = TypingKey.Create(profile, conversation, communication);
            cache.Set(default, key);
        }

        return new TypingSignal(TypingSignalKind.Start, key);
    }

    private readonly struct Schema : IJsonFieldSchema
    {
        public static byte FieldOf(byte container, ReadOnlySpan<byte> name) => (byte)((Container)container switch
        {
            Container.Root when name.SequenceEqual("typing"u8) => Field.Typing,
            Container.Typing when name.SequenceEqual("type"u8) => Field.Type,
            _ => Field.None,
        });

        public static byte ContainerOf(int depth, byte parent, byte field, bool isObject) => (byte)((depth, (Container)parent, (Field)field, isObject) switch
        {
            (0, _, _, true) => Container.Root,
            (_, Container.Root, Field.Typing, true) => Container.Typing,
            _ => Container.Other,
        });
    }
}
