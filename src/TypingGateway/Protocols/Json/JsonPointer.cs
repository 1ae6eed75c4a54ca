using System.Text.Json;
using System.Text.Json.Nodes;

namespace TypingGateway.Protocols.Json;

/// <summary>RFC 6901 JSON pointers over <see cref="JsonElement"/> (read) and <see cref="JsonNode"/> (write).</summary>
internal sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The pointer's reference tokens, decoded (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>True when the pointer names the whole document (RFC 6901: the empty string).</summary>
    public bool IsRoot => _tokens.Length == 0;

    /// <summary>Parses <paramref name="text"/>: <c>""</c> is the whole document, otherwise it starts with <c>/</c>.</summary>
    public static bool TryParse(string? text, out JsonPointer pointer)
    {
        pointer = null!;
        if (text is null || (text.Length > 0 && text[0] != '/'))
        {
            return false;
        }

        if (text.Length == 0)
        {
            pointer = new JsonPointer(text, []);
            return true;
        }

        // RFC 6901 §4: "~1" means "/" and "~0" means "~", decoded in that order.
        var tokens = text[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        pointer = new JsonPointer(text, tokens);
        return true;
    }

    public JsonElement Evaluate(JsonElement root)
    {
        var current = root;
        foreach (var token in _tokens)
        {
            if (current.ValueKind == JsonValueKind.Object && JsonText.Property(current, token) is { ValueKind: not JsonValueKind.Undefined } child)
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return default;
            }
        }

        return current;
    }

    /// <summary>Replaces the value the pointer names; false when its parent does not exist (or it is the whole document).</summary>
    public bool TrySet(JsonNode root, JsonNode? value)
    {
        if (IsRoot)
        {
            return false; // the caller replaces the document itself
        }

        var parent = root;
        for (var i = 0; i < _tokens.Length - 1; i++)
        {
            parent = parent switch
            {
                JsonObject o => o[_tokens[i]],
                JsonArray a when int.TryParse(_tokens[i], out var index) && index >= 0 && index < a.Count => a[index],
                _ => null,
            };
            if (parent is null)
            {
                return false;
            }
        }

        var last = _tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                return true;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count:
                array[index] = value;
                return true;
            default:
                return false;
        }
    }
}
