using System.Diagnostics;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The gateway's attributes on the span ASP.NET Core starts for each proxied request (the gateway
/// starts no spans of its own): the route id, and on typing routes the profile and what collapsing
/// decided. One owner for the attribute names. Everything here is a no-op unless this host exports
/// telemetry (<see cref="TelemetryOptions"/>) and the span is sampled, so with telemetry off the
/// proxied path pays one field read.
/// </summary>
internal sealed class GatewayTracing(bool enabled)
{
    public const string RouteAttribute = "typinggateway.route";
    public const string ProfileAttribute = "typinggateway.typing.profile";

    /// <summary>HTTP typing routes: <see cref="Forward"/> or <see cref="Suppress"/> for a typing start or stop; absent for other bodies.</summary>
    public const string DecisionAttribute = "typinggateway.typing.decision";

    /// <summary>
    /// WebSocket typing routes: typing frames forwarded and suppressed over the connection, set on the
    /// upgrade request's span when the socket ends. A span or event per frame would cost an allocation
    /// per keystroke burst and grow a long chat's span without bound; two counters cost nothing.
    /// </summary>
    public const string ForwardedAttribute = "typinggateway.typing.forwarded";

    public const string SuppressedAttribute = "typinggateway.typing.suppressed";

    /// <summary>The route's mode: <c>enforce</c>, or <c>shadow</c> when the decision was only recorded (everything forwarded).</summary>
    public const string ModeAttribute = "typinggateway.mode";

    public const string Forward = "forward";
    public const string Suppress = "suppress";

    /// <summary>True when this host exports traces and metrics.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>The current request's span when this host records it, else null.</summary>
    public Activity? CurrentSpan => Enabled && Activity.Current is { IsAllDataRequested: true } span ? span : null;

    public void TagRoute(string routeId) => CurrentSpan?.SetTag(RouteAttribute, routeId);

    /// <summary>After an HTTP typing route's body was decided on: at most one start or stop per request.</summary>
    public void TagTypingRequest(string profile, int forwarded, int suppressed, string mode)
    {
        if (CurrentSpan is not { } span)
        {
            return;
        }

        span.SetTag(ProfileAttribute, profile);
        span.SetTag(ModeAttribute, mode);
        if (suppressed > 0)
        {
            span.SetTag(DecisionAttribute, Suppress);
        }
        else if (forwarded > 0)
        {
            span.SetTag(DecisionAttribute, Forward);
        }
    }

    /// <summary>When a WebSocket typing route's socket has ended, on the span taken from <see cref="CurrentSpan"/> at its start.</summary>
    public static void TagTypingConnection(Activity? span, string profile, int forwarded, int suppressed, string mode)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(ProfileAttribute, profile);
        span.SetTag(ModeAttribute, mode);
        span.SetTag(ForwardedAttribute, forwarded);
        span.SetTag(SuppressedAttribute, suppressed);
    }
}
