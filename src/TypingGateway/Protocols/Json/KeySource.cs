namespace TypingGateway.Protocols.Json;

/// <summary>One part of a Json profile's collapse key: <c>pointer:/guestId</c>, <c>route:guestId</c>, <c>query:session</c>, <c>header:X-Guest-Id</c>.</summary>
internal sealed record KeySource(KeySourceKind Kind, string Name, JsonPointer? Pointer)
{
    public static bool TryParse(string text, out KeySource source)
    {
        source = null!;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var name = text[(colon + 1)..];
        switch (text[..colon].ToLowerInvariant())
        {
            case "pointer" when JsonPointer.TryParse(name, out var pointer):
                source = new KeySource(KeySourceKind.Pointer, name, pointer);
                return true;
            case "route":
                source = new KeySource(KeySourceKind.Route, name, null);
                return true;
            case "query":
                source = new KeySource(KeySourceKind.Query, name, null);
                return true;
            case "header":
                source = new KeySource(KeySourceKind.Header, name, null);
                return true;
            default:
                return false;
        }
    }
}
