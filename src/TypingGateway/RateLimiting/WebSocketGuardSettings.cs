using TypingGateway.Protocols;
using System.Globalization;
using TypingGateway.Proxy;
using TypingGateway.Typing;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.RateLimiting;

/// <summary>A WebSocket typing route's frame limits: a policy per frame class and the channel constraints.</summary>
/// <param name="Messages">The policy of the guest's chat messages.</param>
/// <param name="Typing">The policy of typing frames the collapser forwards.</param>
/// <param name="Other">The policy of the guest's other inspected frames.</param>
/// <param name="MaxTextLength">Genesys: longest message text, in characters.</param>
/// <param name="AllowedAttachmentTypes">Genesys: the attachment types allowed; null: any.</param>
/// <param name="MaxMessageBytes">Largest guest data message in payload bytes (all frames of a fragmented one together); null: no limit.</param>
internal sealed record WebSocketGuardSettings(
    string? Messages,
    string? Typing,
    string? Other,
    int? MaxTextLength,
    IReadOnlySet<string>? AllowedAttachmentTypes,
    int? MaxMessageBytes)
{
    /// <summary>The route's settings, or null when it limits nothing.</summary>
    public static WebSocketGuardSettings? From(RouteConfig route)
    {
        if (route.Metadata is not { } metadata)
        {
            return null;
        }

        var settings = new WebSocketGuardSettings(
            Value(metadata, RouteMetadataKeys.RateLimitMessages),
            Value(metadata, RouteMetadataKeys.RateLimitTyping),
            Value(metadata, RouteMetadataKeys.RateLimitOther),
            int.TryParse(Value(metadata, RouteMetadataKeys.MaxTextLength), out var max) ? max : null,
            Value(metadata, RouteMetadataKeys.AllowedAttachmentTypes) is { } types
                ? new HashSet<string>(types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase)
                : null,
            ParseMaxMessageBytes(Value(metadata, RouteMetadataKeys.MaxMessageBytes)));
        return settings is { Messages: null, Typing: null, Other: null, MaxTextLength: null, AllowedAttachmentTypes: null, MaxMessageBytes: null } ? null : settings;
    }

    /// <summary>Checks the route's rate-limit and constraint metadata.</summary>
    public static void Validate(RouteConfig route, IReadOnlyList<string> policies, List<string> errors)
    {
        if (route.Metadata is not { } metadata)
        {
            return;
        }

        var prefix = $"Route '{route.RouteId}': metadata";
        foreach (var key in new[] { RouteMetadataKeys.RateLimitMessages, RouteMetadataKeys.RateLimitTyping, RouteMetadataKeys.RateLimitOther })
        {
            if (Value(metadata, key) is { } name && !policies.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var known = policies.Count == 0 ? "none" : string.Join(", ", policies);
                errors.Add($"{prefix} {key} '{name}' does not name a rate-limit policy (RateLimits:Policies: {known}).");
            }
        }

        if (Value(metadata, RouteMetadataKeys.MaxTextLength) is { } max && !(int.TryParse(max, out var length) && length > 0))
        {
            errors.Add($"{prefix} {RouteMetadataKeys.MaxTextLength} '{max}' must be a whole number of characters, more than 0.");
        }

        if (Value(metadata, RouteMetadataKeys.MaxMessageBytes) is { } bytes && ParseMaxMessageBytes(bytes) is null)
        {
            errors.Add($"{prefix} {RouteMetadataKeys.MaxMessageBytes} '{bytes}' must be a whole number of bytes from 1 to {RateLimitDefaults.MaxMessageBytesBound}.");
        }

        var hasConstraints = Value(metadata, RouteMetadataKeys.MaxTextLength) is not null || Value(metadata, RouteMetadataKeys.AllowedAttachmentTypes) is not null;
        var profile = Value(metadata, RouteMetadataKeys.TypingProfile);
        if (hasConstraints && ChatPlatforms.ByBuiltInProfile(profile)?.ChannelConstraints is null)
        {
            var constrained = string.Join("', '", ChatPlatforms.All.Where(p => p.ChannelConstraints is not null).Select(p => p.BuiltInProfile));
            errors.Add($"{prefix} {RouteMetadataKeys.MaxTextLength} and {RouteMetadataKeys.AllowedAttachmentTypes} apply only to platforms with channel constraints: "
                + $"the route needs {RouteMetadataKeys.TypingProfile} '{constrained}'.");
        }
        else if (From(route) is { Messages: not null } or { Typing: not null } or { Other: not null } && profile is null)
        {
            errors.Add($"{prefix} {RouteMetadataKeys.RateLimitMessages}, {RouteMetadataKeys.RateLimitTyping} and {RouteMetadataKeys.RateLimitOther} "
                + $"need a WebSocket {RouteMetadataKeys.TypingProfile} on the route (it tells the frame classes apart); HTTP routes use RateLimiterPolicy.");
        }

        if (Value(metadata, RouteMetadataKeys.MaxMessageBytes) is not null && profile is null)
        {
            errors.Add($"{prefix} {RouteMetadataKeys.MaxMessageBytes} needs a WebSocket {RouteMetadataKeys.TypingProfile} on the route "
                + "(only those WebSockets pass through the gateway's frame filter).");
        }
    }

    // A whole number of bytes, bounded: beyond the bound a limit protects nothing a platform would accept.
    private static int? ParseMaxMessageBytes(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is > 0 and <= RateLimitDefaults.MaxMessageBytesBound
            ? bytes
            : null;

    private static string? Value(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
