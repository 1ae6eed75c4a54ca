using Microsoft.AspNetCore.Routing.Patterns;
using TypingGateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Auth;

/// <summary>What a route's metadata asks of the credentials feature: an upstream's token, a guest ticket for a route value.</summary>
internal sealed record RouteCredentials(string? Upstream, bool TicketRequired, string? TicketSubject)
{
    /// <summary>The route's settings, or null when it neither injects credentials nor checks tickets.</summary>
    public static RouteCredentials? From(RouteConfig route)
    {
        var metadata = route.Metadata;
        if (metadata is null)
        {
            return null;
        }

        metadata.TryGetValue(RouteMetadataKeys.Upstream, out var upstream);
        metadata.TryGetValue(RouteMetadataKeys.GuestTicket, out var mode);
        metadata.TryGetValue(RouteMetadataKeys.GuestTicketSubject, out var subject);
        upstream = string.IsNullOrWhiteSpace(upstream) ? null : upstream;
        var required = string.IsNullOrWhiteSpace(mode)
            ? upstream is not null
            : string.Equals(mode.Trim(), nameof(GuestTicketMode.Required), StringComparison.OrdinalIgnoreCase);
        return upstream is null && !required ? null : new RouteCredentials(upstream, required, subject);
    }

    /// <summary>Checks the route's credential metadata against the configured upstreams and ticket keys.</summary>
    public static void Validate(RouteConfig route, IReadOnlyList<string> upstreams, bool hasTicketKeys, List<string> errors)
    {
        var metadata = route.Metadata;
        if (metadata is null)
        {
            return;
        }

        var prefix = $"Route '{route.RouteId}': metadata";
        if (metadata.TryGetValue(RouteMetadataKeys.Upstream, out var upstream) && !upstreams.Contains(upstream, StringComparer.OrdinalIgnoreCase))
        {
            var known = upstreams.Count == 0 ? "none" : string.Join(", ", upstreams);
            errors.Add($"{prefix} {RouteMetadataKeys.Upstream} '{upstream}' does not name a configured upstream (Upstreams: {known}).");
        }

        // Names only: Enum.TryParse would also take "2" or "Required,None".
        if (metadata.TryGetValue(RouteMetadataKeys.GuestTicket, out var mode)
            && !Enum.GetNames<GuestTicketMode>().Contains(mode.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{prefix} {RouteMetadataKeys.GuestTicket} '{mode}' is not valid; use Required or None.");
            return;
        }

        if (From(route) is not { TicketRequired: true } credentials)
        {
            return;
        }

        var why = credentials.Upstream is null ? "it requires guest tickets" : $"it injects credentials for upstream '{credentials.Upstream}', so it requires guest tickets";
        if (string.IsNullOrWhiteSpace(credentials.TicketSubject))
        {
            errors.Add($"{prefix} {RouteMetadataKeys.GuestTicketSubject} is missing: {why}; name the route value a ticket is issued for "
                + $"(e.g. conversationId), or set {RouteMetadataKeys.GuestTicket} to None.");
        }
        else if (!HasRouteValue(route, credentials.TicketSubject))
        {
            errors.Add($"{prefix} {RouteMetadataKeys.GuestTicketSubject} '{credentials.TicketSubject}' is not a parameter of the route's path '{route.Match.Path}'.");
        }

        if (!hasTicketKeys)
        {
            errors.Add($"Route '{route.RouteId}': {why}, but no {GuestTicketOptions.SectionName}:Keys are configured.");
        }
    }

    private static bool HasRouteValue(RouteConfig route, string name)
    {
        if (string.IsNullOrEmpty(route.Match.Path))
        {
            return false;
        }

        try
        {
            return RoutePatternFactory.Parse(route.Match.Path).GetParameter(name) is not null;
        }
        catch (RoutePatternException)
        {
            return false; // YARP reports the bad pattern itself
        }
    }
}
