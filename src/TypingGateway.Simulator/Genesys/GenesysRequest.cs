using System.Text.Json;

namespace TypingGateway.Simulator.Genesys;

/// <summary>The parts of a guest request the simulator acts on.</summary>
internal readonly record struct GenesysRequest(
    string? Action,
    string? Token,
    string? TracingId,
    string? MessageType,
    string? Text,
    bool IsTyping)
{
    public bool IsTextMessage => MessageType is GenesysFields.TypeText or GenesysFields.TypeStructured;

    /// <summary>Kind recorded for the frame; null action means it could not be understood.</summary>
    public string Kind => Action switch
    {
        null => GenesysFields.KindInvalid,
        GenesysFields.OnMessage when IsTextMessage => GenesysFields.KindText,
        GenesysFields.OnMessage when MessageType == GenesysFields.TypeEvent => IsTyping ? GenesysFields.KindTyping : GenesysFields.KindEvent,
        _ => GenesysFields.KindPrefix + Action,
    };

    public static GenesysRequest Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            string? messageType = null;
            string? text = null;
            var isTyping = false;
            if (root.TryGetProperty(GenesysFields.Message, out var message) && message.ValueKind == JsonValueKind.Object)
            {
                messageType = GetString(message, GenesysFields.Type);
                text = GetString(message, GenesysFields.Text);
                isTyping = HasTypingEvent(message);
            }

            return new GenesysRequest(
                GetString(root, GenesysFields.Action),
                GetString(root, GenesysFields.Token),
                GetString(root, GenesysFields.TracingId),
                messageType,
                text,
                isTyping);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static bool HasTypingEvent(JsonElement message)
    {
        if (!message.TryGetProperty(GenesysFields.Events, out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in events.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && GetString(item, GenesysFields.EventType) == GenesysFields.EventTyping)
            {
                return true;
            }
        }

        return false;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ReadText(value) : null;

    // A lone surrogate escape ("\ud83d", a text cut mid-emoji) is valid JSON but no string: the platform takes the
    // text as written rather than failing the guest's socket.
    private static string ReadText(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText()[1..^1];
        }
    }
}
