using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TypingGateway.Diagnostics;
using TypingGateway.Proxy;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.WebSockets;

/// <summary>
/// A step of YARP's proxy pipeline, before anything is forwarded: counts the instance's WebSocket connections and
/// answers the upgrades past <see cref="UpgradeLimitOptions.MaxConnections"/> with 503, <c>Retry-After</c> and a
/// problem body. Kestrel's own <c>MaxConcurrentUpgradedConnections</c> is no substitute: it refuses inside
/// <c>UpgradeAsync</c>, after YARP has opened the upstream WebSocket; measured, the guest gets 101 and then a
/// connection dropped without a close frame, and YARP logs a forwarding error.
/// </summary>
internal sealed partial class UpgradeLimit(
    IOptionsMonitor<UpgradeLimitOptions> options,
    GuestSocketDrain drain,
    GatewayMetrics metrics,
    ILogger<UpgradeLimit> logger)
{
    public const string ProblemType = "urn:typinggateway:problem:connection-limit";

    private readonly long? _openFileLimit = OpenFileLimit.ReadSoftLimit();
    private int _active;
    private int _capLogged;

    /// <summary>The WebSocket connections held now, the refused ones aside.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The cap in force: the configured one, else the one derived from the open-file limit.</summary>
    public int MaxConnections => options.CurrentValue.MaxConnections ?? UpgradeLimitDefaults.MaxConnections(_openFileLimit);

    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        OriginProxyStep.IsWebSocketRequest(context) ? HoldAsync(context, next) : next(context);

    private async Task HoldAsync(HttpContext context, RequestDelegate next)
    {
        if (drain.IsDraining)
        {
            // Stopping: the guest is told to go away anyway; a new connection belongs on another instance.
            await RefuseAsync(context, "draining", "This gateway instance is stopping.").ConfigureAwait(false);
            return;
        }

        var max = MaxConnections;
        if (Interlocked.Increment(ref _active) > max)
        {
            Interlocked.Decrement(ref _active);
            if (Interlocked.Exchange(ref _capLogged, 1) == 0)
            {
                // Once per process: at the cap every further upgrade is refused, and the counter says how many.
                Log.CapReached(logger, max, _openFileLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
            }

            await RefuseAsync(context, "connection_limit", $"This gateway instance holds its maximum of {max} WebSocket connections.").ConfigureAwait(false);
            return;
        }

        try
        {
            // For an upgrade YARP returns when both directions have ended, however they end (close, abort, fault).
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private Task RefuseAsync(HttpContext context, string reason, string detail)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId ?? string.Empty;
        metrics.AdmissionRejection(route, "ws", reason);
        var seconds = Math.Max(1, (int)Math.Ceiling(options.CurrentValue.RetryAfter.TotalSeconds));
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"{detail} Retry after {seconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: reason == "draining" ? "Gateway instance stopping" : "Too many WebSocket connections",
            type: ProblemType,
            extensions: [new("retryAfter", seconds)]).ExecuteAsync(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1702, Level = LogLevel.Warning,
            Message = "WebSocket upgrades refused with 503: the cap of {MaxConnections} connections is reached (WebSockets:MaxConnections; open-file soft limit {OpenFileLimit}). Logged once; typinggateway.admission.rejections counts every refusal.")]
        public static partial void CapReached(ILogger logger, int maxConnections, string openFileLimit);
    }
}
