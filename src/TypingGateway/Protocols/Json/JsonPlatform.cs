using TypingGateway.Typing;

namespace TypingGateway.Protocols.Json;

/// <summary>Any JSON chat API a config file can describe: JSON pointers and values, over WebSocket or HTTP.</summary>
internal sealed class JsonPlatform : ChatPlatform
{
    public override string Kind => "Json";

    public override ITypingRecognizer? CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error)
    {
        JsonPointer? pointer = null;
        if (options.Path is null)
        {
            // HTTP routes may say what every request is (TypingRequest metadata): such a profile needs no body field.
            if (options.Transport != TypingTransport.Http)
            {
                error("Path is missing: a JSON pointer (RFC 6901) to the field that tells frames apart, e.g. /type, or \"\" for the whole document.");
            }
        }
        else if (!JsonPointer.TryParse(options.Path, out pointer))
        {
            error($"Path '{options.Path}' is not a JSON pointer (\"\" for the whole document, or starting with '/', e.g. /type).");
        }

        if (options.Path is not null && options.StartValues.Count == 0)
        {
            error("StartValues must list at least one value meaning typing started.");
        }

        if (options.Path is not null && stop != TypingStopMode.None && options.StopValues.Count == 0)
        {
            error($"StopValues must list at least one value when Stop is {stop}.");
        }

        var overlap = options.StartValues.Intersect(options.StopValues.Concat(options.MessageValues), StringComparer.Ordinal).ToList();
        if (overlap.Count > 0)
        {
            error($"value(s) {string.Join(", ", overlap)} appear in StartValues and in StopValues/MessageValues.");
        }

        var key = new List<KeySource>();
        if (options.Key.Count == 0)
        {
            error("Key must name where the guest id comes from (pointer:/path, route:name, query:name or header:name).");
        }

        foreach (var entry in options.Key)
        {
            if (KeySource.TryParse(entry, out var source))
            {
                key.Add(source);
            }
            else
            {
                error($"Key entry '{entry}' is not one of pointer:/path, route:name, query:name, header:name.");
            }
        }

        return (options.Path is not null && pointer is null) || key.Count != options.Key.Count
            ? null
            : new JsonTypingRecognizer(profile, pointer, [.. options.StartValues], [.. options.StopValues], [.. options.MessageValues], key);
    }
}
