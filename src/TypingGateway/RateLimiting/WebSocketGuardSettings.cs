using TypingGateway.Proxy;
using TypingGateway.Typing;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.RateLimiting;

/// <summary>A WebSocket typing route's frame limits: a policy per frame class and the channel constraints.</summary>
internal sealed record WebSocketGuardSettings(string? Messages, string? Typing, string? Other, int? MaxTextLength, IReadOnlySet<string>? AllowedAttachmentTypes)
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
                : null);
        return settings is { Messages: null, Typing: null, Other: null, MaxTextLength: null, AllowedAttachmentTypes: null } ? null : settings;
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

        var hasConstraints = Value(metadata, RouteMetadataKeys.MaxTextLength) is not null || Value(metadata, RouteMetadataKeys.AllowedAttachmentTypes) is not null;
        var profile = Value(metadata, RouteMetadataKeys.TypingProfile);
        if (hasConstraints && !string.Equals(profile, TypingProfiles.GenesysWebMessaging, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{prefix} {RouteMetadataKeys.MaxTextLength} and {RouteMetadataKeys.AllowedAttachmentTypes} apply to Genesys guest WebSockets only: "
                + $"the route needs {RouteMetadataKeys.TypingProfile} '{TypingProfiles.GenesysWebMessaging}'.");
        }
        else if (From(route) is { Messages: not null } or { Typing: not null } or { Other: not null } && profile is null)
        {
            errors.Add($"{prefix} {RouteMetadataKeys.RateLimitMessages}, {RouteMetadataKeys.RateLimitTyping} and {RouteMetadataKeys.RateLimitOther} "
                + $"need a WebSocket {RouteMetadataKeys.TypingProfile} on the route (it tells the frame classes apart); HTTP routes use RateLimiterPolicy.");
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
