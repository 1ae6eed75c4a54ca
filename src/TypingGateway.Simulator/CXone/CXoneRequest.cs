using System.Text.Json;

namespace TypingGateway.Simulator.CXone;

/// <summary>The parts of a CXone client frame the simulator acts on.</summary>
internal sealed record CXoneRequest
{
    public static CXoneRequest Invalid { get; } = new();

    public string? Action { get; init; }
    public string? EventId { get; init; }
    public string? EventType { get; init; }
    public string? VisitorId { get; init; }
    public string? ConsumerIdOnExternalPlatform { get; init; }
    public string? MessageIdOnExternalPlatform { get; init; }
    public string? ThreadIdOnExternalPlatform { get; init; }

    /// <summary><c>data.messageContent</c> exactly as received, echoed verbatim in MessageCreated.</summary>
    public string? MessageContentJson { get; init; }

    public string Kind => Action switch
    {
        null => CXoneFields.KindInvalid,
        CXoneFields.ActionHeartbeat => CXoneFields.KindHeartbeat,
        _ => CXoneFields.KindPrefix + (EventType ?? Action),
    };

    public static CXoneRequest Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid;
            }

            var payload = Child(root, CXoneFields.Payload);
            var data = Child(payload, CXoneFields.Data);
            var content = Child(data, CXoneFields.MessageContent);
            return new CXoneRequest
            {
                Action = GetString(root, CXoneFields.Action),
                EventId = GetString(root, CXoneFields.EventId),
                EventType = GetString(payload, CXoneFields.EventType),
                VisitorId = GetString(Child(payload, CXoneFields.Visitor), CXoneFields.Id),
                ConsumerIdOnExternalPlatform = GetString(Child(payload, CXoneFields.ConsumerIdentity), CXoneFields.IdOnExternalPlatform),
                MessageIdOnExternalPlatform = GetString(data, CXoneFields.IdOnExternalPlatform),
                ThreadIdOnExternalPlatform = GetString(Child(data, CXoneFields.Thread), CXoneFields.IdOnExternalPlatform),
                MessageContentJson = content.ValueKind == JsonValueKind.Undefined ? null : content.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return Invalid;
        }
    }

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? GetString(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
