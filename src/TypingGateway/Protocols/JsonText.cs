using System.Text.Json;

namespace TypingGateway.Protocols;

/// <summary>Small, allocation-light helpers the recognisers share for reading guest JSON.</summary>
internal static class JsonText
{
    // Duplicate keys make a frame ambiguous (which "type" counts?): such a frame is not recognised (design §3).
    private static readonly JsonDocumentOptions _options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>Parses guest input of any JSON value (a whole-document pointer may name a scalar); null when it is not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8Json, _options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: checking for duplicate keys unescapes names, and a lone surrogate
            // escape in a name cannot be unescaped. Either way the input is not recognised.
            return null;
        }
    }

    /// <summary>Parses guest input; null when it is not a JSON object (never throws).</summary>
    public static JsonDocument? TryParseObject(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.IsEmpty || utf8Json.Span[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            // Parses in place: the document must be disposed before the caller's buffer is reused.
            var document = JsonDocument.Parse(utf8Json, _options);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: checking for duplicate keys unescapes names, and a lone surrogate
            // escape in a name cannot be unescaped. Either way the input is not recognised.
            return null;
        }
    }

    /// <summary>A recogniser's forward-only read of a frame's bytes (its <see cref="JsonFieldReader{TSchema}"/> pass).</summary>
    public delegate TFrame FrameReader<TFrame>(ReadOnlySpan<byte> utf8Json);

    /// <summary>
    /// The forward-only twin of <see cref="TryParseObject"/>: reads guest input that must be a JSON object with
    /// <paramref name="read"/>; false when it does not start with <c>{</c> or is not valid JSON (never throws).
    /// </summary>
    public static bool TryReadObject<TFrame>(ReadOnlySpan<byte> utf8Json, FrameReader<TFrame> read, out TFrame frame)
    {
        frame = default!;
        if (utf8Json.IsEmpty || utf8Json[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            frame = read(utf8Json);
            return true;
        }
        catch (JsonException)
        {
            return false; // not JSON, or deeper than the limit
        }
    }

    /// <summary>A string property's text; null when missing, not a string, or not text at all (see <see cref="Text"/>).</summary>
    public static string? String(JsonElement element, string property) =>
        Property(element, property) is { ValueKind: JsonValueKind.String } value ? Text(value) : null;

    /// <summary>
    /// A string's text, or null when it holds no text: a lone surrogate escape (<c>"\ud83d"</c>, a text cut mid-emoji)
    /// or invalid UTF-8 is valid JSON syntax but cannot be read as a string, and such input must be forwarded
    /// untouched rather than fail the frame (design §3: not recognised).
    /// </summary>
    public static string? Text(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A scalar as a key part that keeps its JSON type: strings as their text, other scalars as <c>=</c> + their JSON
    /// text, so <c>1</c> and <c>"1"</c> never share a key; a string that itself starts with <c>=</c> gets one more
    /// (injective). Null when there is no scalar or no readable text.
    /// </summary>
    public static string? KeyPart(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Text(element) is { } text && text.StartsWith('=') ? "=" + text : Text(element),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => "=" + element.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A property's value; default (undefined) when missing or when the object cannot be searched: a property
    /// name with a lone surrogate escape makes name lookup throw, and such a frame is simply not recognised.
    /// </summary>
    public static JsonElement Property(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        try
        {
            return element.TryGetProperty(property, out var value) ? value : default;
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>A scalar as text: strings unquoted, numbers and literals as written; null for objects/arrays/missing.</summary>
    public static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Text(element),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };
}
