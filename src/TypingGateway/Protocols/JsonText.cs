using System.Text.Json;

namespace TypingGateway.Protocols;

/// <summary>Small, allocation-light helpers the recognisers share for reading guest JSON.</summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions _options = new() { MaxDepth = 32 };

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
        catch (JsonException)
        {
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
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement Property(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value : default;

    /// <summary>A scalar as text: strings unquoted, numbers and literals as written; null for objects/arrays/missing.</summary>
    public static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };
}
