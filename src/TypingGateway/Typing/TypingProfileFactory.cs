using TypingGateway.Protocols;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Turns configured profiles (plus the built-ins) into <see cref="TypingProfile"/>s, listing every error. What a
/// profile may be and its defaults come from its platform (<see cref="ChatPlatforms"/>).
/// </summary>
internal static class TypingProfileFactory
{
    public static (Dictionary<string, TypingProfile> Profiles, List<string> Errors) Build(TypingOptions options)
    {
        var profiles = new Dictionary<string, TypingProfile>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var name in ChatPlatforms.BuiltInProfiles.Union(options.Profiles.Keys, StringComparer.OrdinalIgnoreCase))
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

        ChatPlatform platform;
        if (ChatPlatforms.ByBuiltInProfile(name) is { } builtIn)
        {
            platform = builtIn;
            if (options.Kind is { } configuredKind && !string.Equals(configuredKind, builtIn.Kind, StringComparison.OrdinalIgnoreCase))
            {
                Error($"Kind must be {builtIn.Kind} (a built-in profile's kind cannot change; use another name for a custom profile).");
            }
        }
        else if (options.Kind is null)
        {
            Error($"Kind is required ({ChatPlatforms.Kinds}).");
            return null;
        }
        else if (ChatPlatforms.ByKind(options.Kind) is { } custom)
        {
            platform = custom;
        }
        else
        {
            Error($"Kind '{options.Kind}' is not one of {ChatPlatforms.Kinds}.");
            return null;
        }

        if (platform.Transport is null && options.Transport is null)
        {
            Error($"Transport is required for {platform.Kind} profiles (WebSocket or Http).");
        }
        else if (platform.Transport is { } fixedTransport && options.Transport is { } transportSet && transportSet != fixedTransport)
        {
            Error($"Transport must be {fixedTransport} for kind {platform.Kind}.");
        }

        var transport = options.Transport ?? platform.Transport ?? TypingTransport.WebSocket;
        var stop = options.Stop ?? platform.DefaultStop;
        if (platform.NoStopReason is { } noStop && stop != TypingStopMode.None)
        {
            Error($"Stop must be None: {noStop}");
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

        if (options.NewBurstAfter is { } gap && gap <= TimeSpan.Zero)
        {
            Error("NewBurstAfter must be positive.");
        }

        var startInterval = options.StartInterval ?? platform.DefaultStartInterval(stop);
        var clientStyle = options.ClientStyle ?? platform.ClientStyle;
        var defaultStopAfterIdle = clientStyle == TypingClientStyle.EdgeTriggered ? TypingDefaults.EdgeTriggeredStopAfterIdle : TypingDefaults.StopAfterIdle;
        var stopAfterIdle = stop == TypingStopMode.SynthesizeAfterIdle ? options.StopAfterIdle ?? defaultStopAfterIdle : (TimeSpan?)null;
        var recognizer = platform.CreateRecognizer(name, options, stop, Error);

        return errors.Count > before || recognizer is null
            ? null
            : new TypingProfile(
                name, platform, transport, new TypingTimings(startInterval, stopAfterIdle) { NewBurstAfter = options.NewBurstAfter ?? platform.DefaultNewBurstAfter }, stop, options.Preview ?? PreviewMode.Forward, recognizer, options.StaleAfter ?? TypingDefaults.StaleAfter)
            {
                ClientStyle = clientStyle,
            };
    }
}
