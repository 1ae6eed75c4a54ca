using TypingGateway.Protocols;
using TypingGateway.Protocols.CXone;
using TypingGateway.Protocols.Genesys;
using TypingGateway.Protocols.Json;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>Turns configured profiles (plus the built-ins) into <see cref="TypingProfile"/>s, listing every error.</summary>
internal static class TypingProfileFactory
{
    private static readonly Dictionary<string, TypingProfileKind> _builtIn = new(StringComparer.OrdinalIgnoreCase)
    {
        [TypingProfiles.GenesysWebMessaging] = TypingProfileKind.GenesysWebMessaging,
        [TypingProfiles.CxoneChat] = TypingProfileKind.CxoneChat,
        [TypingProfiles.GenesysAgentRest] = TypingProfileKind.GenesysAgentRest,
    };

    public static (Dictionary<string, TypingProfile> Profiles, List<string> Errors) Build(TypingOptions options)
    {
        var profiles = new Dictionary<string, TypingProfile>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var name in _builtIn.Keys.Union(options.Profiles.Keys, StringComparer.OrdinalIgnoreCase))
        {
            var configured = options.Profiles.GetValueOrDefault(name) ?? new TypingProfileOptions();
            if (Build(name, configured, errors) is { } profile)
            {
                profiles[name] = profile;
            }
        }

        return (profiles, errors);
    }

    private static TypingProfile? Build(string name, TypingProfileOptions options, List<string> errors)
    {
        var before = errors.Count;
        void Error(string message) => errors.Add($"Typing profile '{name}': {message}");

        TypingProfileKind kind;
        if (_builtIn.TryGetValue(name, out var builtInKind))
        {
            kind = builtInKind;
            if (options.Kind is { } configuredKind && configuredKind != builtInKind)
            {
                Error($"Kind must be {builtInKind} (a built-in profile's kind cannot change; use another name for a custom profile).");
            }
        }
        else if (options.Kind is { } customKind)
        {
            kind = customKind;
        }
        else
        {
            Error("Kind is required (GenesysWebMessaging, CxoneChat, GenesysAgentRest or Json).");
            return null;
        }

        var (defaultTransport, defaultStop) = kind switch
        {
            TypingProfileKind.GenesysWebMessaging => (TypingTransport.WebSocket, TypingStopMode.None),
            TypingProfileKind.CxoneChat => (TypingTransport.WebSocket, TypingStopMode.SynthesizeAfterIdle),
            TypingProfileKind.GenesysAgentRest => (TypingTransport.Http, TypingStopMode.None),
            _ => (TypingTransport.WebSocket, TypingStopMode.None), // Json: Transport is required, checked below
        };

        if (kind == TypingProfileKind.Json && options.Transport is null)
        {
            Error("Transport is required for Json profiles (WebSocket or Http).");
        }
        else if (kind != TypingProfileKind.Json && options.Transport is { } transportSet && transportSet != defaultTransport)
        {
            Error($"Transport must be {defaultTransport} for kind {kind}.");
        }

        var transport = options.Transport ?? defaultTransport;
        var stop = options.Stop ?? defaultStop;
        if (kind is TypingProfileKind.GenesysWebMessaging or TypingProfileKind.GenesysAgentRest && stop != TypingStopMode.None)
        {
            Error("Stop must be None: Genesys has no typing Off, so the gateway never sends or synthesizes one.");
        }

        if (options.StaleAfter is { } stale && stale <= TimeSpan.Zero)
        {
            Error("StaleAfter must be positive.");
        }

        if (options.StartInterval is { } interval && interval <= TimeSpan.Zero)
        {
            Error("StartInterval must be positive.");
        }

        if (options.StopAfterIdle is { } idle && idle <= TimeSpan.Zero)
        {
            Error("StopAfterIdle must be positive.");
        }

        var startInterval = options.StartInterval ?? (kind, stop) switch
        {
            (TypingProfileKind.GenesysWebMessaging or TypingProfileKind.GenesysAgentRest, _) => TypingDefaults.GenesysStartInterval,
            (_, TypingStopMode.SynthesizeAfterIdle) => Timeout.InfiniteTimeSpan, // one start per burst; the stop always comes
            (_, TypingStopMode.Explicit) => TypingDefaults.ExplicitStopStartInterval,
            _ => TypingDefaults.GenesysStartInterval,
        };
        var clientStyle = options.ClientStyle ?? (kind == TypingProfileKind.CxoneChat ? TypingClientStyle.EdgeTriggered : TypingClientStyle.LevelTriggered);
        var defaultStopAfterIdle = clientStyle == TypingClientStyle.EdgeTriggered ? TypingDefaults.EdgeTriggeredStopAfterIdle : TypingDefaults.StopAfterIdle;
        var stopAfterIdle = stop == TypingStopMode.SynthesizeAfterIdle ? options.StopAfterIdle ?? defaultStopAfterIdle : (TimeSpan?)null;
        var recognizer = kind switch
        {
            TypingProfileKind.GenesysWebMessaging => (ITypingRecognizer?)new GenesysWebMessagingRecognizer(name),
            TypingProfileKind.CxoneChat => new CxoneChatRecognizer(name),
            TypingProfileKind.GenesysAgentRest => new GenesysAgentRestRecognizer(name),
            _ => BuildJson(name, options, stop, Error),
        };

        return errors.Count > before || recognizer is null
            ? null
            : new TypingProfile(
                name, kind, transport, new TypingTimings(startInterval, stopAfterIdle), stop, options.Preview ?? PreviewMode.Forward, recognizer, options.StaleAfter ?? TypingDefaults.StaleAfter)
            {
                ClientStyle = clientStyle,
            };
    }

    private static JsonTypingRecognizer? BuildJson(string name, TypingProfileOptions options, TypingStopMode stop, Action<string> error)
    {
        if (!JsonPointer.TryParse(options.Path, out var pointer))
        {
            error($"Path '{options.Path}' is not a JSON pointer (it must start with '/', e.g. /type).");
        }

        if (options.StartValues.Count == 0)
        {
            error("StartValues must list at least one value meaning typing started.");
        }

        if (stop != TypingStopMode.None && options.StopValues.Count == 0)
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

        return pointer is null || key.Count != options.Key.Count
            ? null
            : new JsonTypingRecognizer(name, pointer, [.. options.StartValues], [.. options.StopValues], [.. options.MessageValues], key);
    }
}
