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
internal sealed class JsonTypingRecognizer(
    string profile,
    JsonPointer? pointer,
    IReadOnlyList<string> startValues,
    IReadOnlyList<string> stopValues,
    IReadOnlyList<string> messageValues,
    IReadOnlyList<KeySource> key) : ITypingRecognizer
{
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        if (context.RequestSignal is { } routeKind)
        {
            // The route says what every request on it is; the body (often none) only supplies pointer keys.
            using var body = JsonText.TryParse(utf8Json);
            return new TypingSignal(routeKind, KeyOf(body?.RootElement, context));
        }

        using var document = pointer is null ? null : pointer.IsRoot ? JsonText.TryParse(utf8Json) : JsonText.TryParseObject(utf8Json);
        if (document is null)
        {
            return TypingSignal.Other;
        }

        var value = JsonText.Scalar(pointer!.Evaluate(document.RootElement));
        var kind = value is null ? TypingSignalKind.Other
            : startValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Start
            : stopValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Stop
            : messageValues.Contains(value, StringComparer.Ordinal) ? TypingSignalKind.Message
            : TypingSignalKind.Other;
        return kind == TypingSignalKind.Other ? TypingSignal.Other : new TypingSignal(kind, KeyOf(document.RootElement, context));
    }

    private TypingKey? KeyOf(JsonElement? root, TypingContext context)
    {
        var parts = new string?[key.Count];
        for (var i = 0; i < key.Count; i++)
        {
            parts[i] = key[i].Kind switch
            {
                KeySourceKind.Pointer => root is { } element ? JsonText.KeyPart(key[i].Pointer!.Evaluate(element)) : null,
                KeySourceKind.Route => context.RouteValue(key[i].Name),
                KeySourceKind.Query => context.Query(key[i].Name),
                _ => context.Header(key[i].Name),
            };
            if (string.IsNullOrEmpty(parts[i]))
            {
                return null;
            }
        }

        return TypingKey.Create(profile, parts);
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart)
    {
        if (stopValues.Count == 0 || pointer is null)
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
        var wasString = pointer!.Evaluate(original.RootElement).ValueKind == JsonValueKind.String;
        var stop = wasString ? JsonValue.Create(stopValues[0]) : LiteralOrString(stopValues[0]);
        if (pointer!.IsRoot)
        {
            return JsonSerializer.SerializeToUtf8Bytes(stop); // the whole document is the value
        }

        return pointer!.TrySet(root, stop) ? JsonSerializer.SerializeToUtf8Bytes(root) : null;
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
