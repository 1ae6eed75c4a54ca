using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.Json;

/// <summary>
/// Any JSON chat API: the value at <c>Pointer</c> says whether a frame (or request body) is a
/// typing start, a stop or a real message, e.g. <c>{"type":"typing","guestId":"g1"}</c> with
/// pointer <c>/type</c>, or <c>{"typing":true}</c> with pointer <c>/typing</c>. Values match a
/// string's text or a literal's JSON text (<c>true</c>, <c>1</c>). On an HTTP route whose metadata says
/// <c>TypingRequest</c>, every request is that signal, body or not (body-less typing calls).
/// </summary>
/// <remarks>
/// Frames are read forward-only (<see cref="JsonPointerSet"/>: the signal's pointer and the key's pointers in one pass,
/// no document, no strings) and the connection's key is reused while the frame names the guest with the same bytes, so a
/// frame allocates nothing. What that read leaves to the document (escapes, very many keys), and requests whose route
/// names the signal, are read with the document as before.
/// </remarks>
internal sealed class JsonTypingRecognizer : ITypingRecognizer
{
    // Longest key identity (tags, lengths, bytes of the pointer values) the connection caches.
    private const int MaxCachedIdentity = 256;

    private readonly string _profile;
    private readonly JsonPointer? _pointer;
    private readonly IReadOnlyList<string> _startValues;
    private readonly IReadOnlyList<string> _stopValues;
    private readonly IReadOnlyList<string> _messageValues;
    private readonly IReadOnlyList<KeySource> _key;
    private readonly byte[][] _start;
    private readonly byte[][] _stop;
    private readonly byte[][] _message;

    // The signal's pointer first, then each pointer key source's; _valueOfKey[i]: the key source's value, or -1.
    private readonly JsonPointerSet? _reads;
    private readonly int[] _valueOfKey;
    private readonly int _pointerCount;

    /// <inheritdoc/>
    public IReadOnlyList<string> HeaderNames { get; }

    public JsonTypingRecognizer(
        string profile,
        JsonPointer? pointer,
        IReadOnlyList<string> startValues,
        IReadOnlyList<string> stopValues,
        IReadOnlyList<string> messageValues,
        IReadOnlyList<KeySource> key)
    {
        _profile = profile;
        _pointer = pointer;
        _startValues = startValues;
        _stopValues = stopValues;
        _messageValues = messageValues;
        _key = key;
        HeaderNames = [.. key.Where(k => k.Kind == KeySourceKind.Header).Select(k => k.Name).Distinct(StringComparer.OrdinalIgnoreCase)];
        _start = [.. startValues.Select(Encoding.UTF8.GetBytes)];
        _stop = [.. stopValues.Select(Encoding.UTF8.GetBytes)];
        _message = [.. messageValues.Select(Encoding.UTF8.GetBytes)];
        _valueOfKey = new int[key.Count];
        if (pointer is null)
        {
            return;
        }

        var pointers = new List<JsonPointer> { pointer };
        for (var i = 0; i < key.Count; i++)
        {
            _valueOfKey[i] = key[i].Pointer is { } keyPointer ? pointers.Count : -1;
            if (key[i].Pointer is { } p)
            {
                pointers.Add(p);
            }
        }

        _pointerCount = pointers.Count;
        _reads = pointers.Count <= JsonPointerSet.MaxPointers ? new JsonPointerSet(pointers) : null;
    }

    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        if (context.RequestSignal is { } routeKind)
        {
            // The route says what every request on it is; the body (often none) only supplies pointer keys.
            using var body = JsonText.TryParse(utf8Json);
            return new TypingSignal(routeKind, KeyOf(body?.RootElement, context));
        }

        var json = utf8Json.Span;
        if (_reads is null || _pointer is null || json.IsEmpty || (!_pointer.IsRoot && json[0] != (byte)'{'))
        {
            return _reads is null && _pointer is not null ? RecognizeDocument(utf8Json, context) : TypingSignal.Other;
        }

        Span<JsonPointerSet.Value> values = stackalloc JsonPointerSet.Value[_pointerCount];
        JsonFieldStatus status;
        try
        {
            status = _reads.Read(json, values);
        }
        catch (JsonException)
        {
            return TypingSignal.Other;
        }

        switch (status)
        {
            case JsonFieldStatus.NeedsDocument:
                return RecognizeDocument(utf8Json, context);
            case JsonFieldStatus.DuplicateKey:
                return TypingSignal.Other;
        }

        var kind = !values[0].TryScalar(json, out var scalar) ? TypingSignalKind.Other
            : Contains(_start, scalar) ? TypingSignalKind.Start
            : Contains(_stop, scalar) ? TypingSignalKind.Stop
            : Contains(_message, scalar) ? TypingSignalKind.Message
            : TypingSignalKind.Other;
        return kind == TypingSignalKind.Other ? TypingSignal.Other : new TypingSignal(kind, KeyOf(json, values, context));
    }

    private static bool Contains(byte[][] candidates, ReadOnlySpan<byte> value)
    {
        foreach (var candidate in candidates)
        {
            if (value.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="KeyOf(JsonElement?, TypingContext)"/>, from the frame's bytes; the connection's key when they are the same.</summary>
    private TypingKey? KeyOf(ReadOnlySpan<byte> json, ReadOnlySpan<JsonPointerSet.Value> values, TypingContext context)
    {
        // The identity: per pointer part a tag (string or literal), its length and bytes; the request's own values (route,
        // query, header) are fixed for the context, so their part is empty.
        Span<byte> identity = stackalloc byte[MaxCachedIdentity];
        var length = 0;
        var cacheable = true;
        for (var i = 0; i < _key.Count; i++)
        {
            ReadOnlySpan<byte> bytes = default;
            byte tag = 0;
            if (_valueOfKey[i] >= 0)
            {
                var value = values[_valueOfKey[i]];
                if (!value.TryScalar(json, out bytes) || bytes.IsEmpty)
                {
                    return null; // as KeyPart: no scalar, no text, or empty text
                }

                tag = value.Token == JsonTokenType.String ? (byte)1 : (byte)2;
            }
            else if (string.IsNullOrEmpty(ContextPart(_key[i], context)))
            {
                return null;
            }

            if (length + 5 + bytes.Length > identity.Length)
            {
                cacheable = false;
                continue;
            }

            identity[length++] = tag;
            BinaryPrimitives.WriteInt32LittleEndian(identity[length..], bytes.Length);
            length += 4;
            bytes.CopyTo(identity[length..]);
            length += bytes.Length;
        }

        if (cacheable && context.KeyCache.TryGet(identity[..length], out var cached))
        {
            return cached;
        }

        var parts = new string?[_key.Count];
        for (var i = 0; i < _key.Count; i++)
        {
            if (_valueOfKey[i] < 0)
            {
                parts[i] = ContextPart(_key[i], context);
                continue;
            }

            var value = values[_valueOfKey[i]];
            value.TryScalar(json, out var bytes);
            var text = Encoding.UTF8.GetString(bytes);
            parts[i] = value.Token != JsonTokenType.String || text.StartsWith('=') ? "=" + text : text; // as JsonText.KeyPart
        }

        var key = TypingKey.Create(_profile, parts);
        if (cacheable)
        {
            context.KeyCache.Set(identity[..length], key);
        }

        return key;
    }

    private static string? ContextPart(KeySource source, TypingContext context) => source.Kind switch
    {
        KeySourceKind.Route => context.RouteValue(source.Name),
        KeySourceKind.Query => context.Query(source.Name),
        KeySourceKind.Header => context.Header(source.Name),
        _ => null,
    };

    // The document-based reading: the same answers, for what the forward-only read leaves to it.
    internal TypingSignal RecognizeDocument(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        var pointer = _pointer;

        using var document = pointer is null ? null : pointer.IsRoot ? JsonText.TryParse(utf8Json) : JsonText.TryParseObject(utf8Json);
        if (document is null)
        {
            return TypingSignal.Other;
        }

        var value = JsonText.Scalar(pointer!.Evaluate(document.RootElement));
        var kind = value is null ? TypingSignalKind.Other
            : _startValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Start
            : _stopValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Stop
            : _messageValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Message
            : TypingSignalKind.Other;
        return kind == TypingSignalKind.Other ? TypingSignal.Other : new TypingSignal(kind, KeyOf(document.RootElement, context));
    }

    private TypingKey? KeyOf(JsonElement? root, TypingContext context)
    {
        var parts = new string?[_key.Count];
        for (var i = 0; i < _key.Count; i++)
        {
            parts[i] = _key[i].Kind switch
            {
                KeySourceKind.Pointer => root is { } element ? JsonText.KeyPart(_key[i].Pointer!.Evaluate(element)) : null,
                _ => ContextPart(_key[i], context),
            };
            if (string.IsNullOrEmpty(parts[i]))
            {
                return null;
            }
        }

        return TypingKey.Create(_profile, parts);
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart)
    {
        if (_stopValues.Count == 0 || _pointer is null)
        {
            return null; // a body-less route's stop is the route's own request, not a body the gateway can build
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(lastStart.Span);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        if (root is null)
        {
            return null;
        }

        // Keep the start's value type: a string stays a string, a literal (true, 1) stays a literal.
        // Parsed and serialized under one guard: a start the recogniser accepted is well-formed, but a template
        // read back from Redis might not be, and a stop that cannot be built is simply not sent.
        try
        {
            return BuildStop(root, lastStart);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private byte[]? BuildStop(JsonNode root, ReadOnlyMemory<byte> lastStart)
    {
        using var original = JsonDocument.Parse(lastStart);
        var wasString = _pointer!.Evaluate(original.RootElement).ValueKind == JsonValueKind.String;
        var stop = wasString ? JsonValue.Create(_stopValues[0]) : LiteralOrString(_stopValues[0]);
        if (_pointer!.IsRoot)
        {
            return JsonSerializer.SerializeToUtf8Bytes(stop); // the whole document is the value
        }

        return _pointer!.TrySet(root, stop) ? JsonSerializer.SerializeToUtf8Bytes(root) : null;
    }

    private static JsonNode? LiteralOrString(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }
}
