using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TypingGateway.Configuration;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on one meter created through <see cref="IMeterFactory"/> so that
/// each host (and each test instance) has its own. Features add their instruments here. Measurements of a route carry
/// its id and mode (<c>enforce</c> or <c>shadow</c>, <see cref="RouteMode"/>), so a route in shadow reports exactly what
/// enforcing it would have done. The totals behind the JSON summary (<see cref="Summary"/>) are kept here too, from the
/// same calls.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "TypingGateway";

    private readonly Counter<long> _configReloads;
    private readonly Counter<long> _redisRoundTrips;
    private readonly Counter<long> _redisErrors;
    private readonly Counter<long> _redisFallbacks;
    private readonly Histogram<double> _redisDuration;
    private readonly Counter<long> _typingFrames;
    private readonly Counter<long> _tokenRequests;
    private readonly Counter<long> _credentialRejections;
    private readonly Counter<long> _upstreamReplays;
    private readonly Counter<long> _rateLimitDecisions;
    private readonly Counter<long> _admissionRejections;
    private readonly Counter<long> _platformRejections;
    private readonly Counter<long> _safetyNetStops;
    private readonly UpDownCounter<long> _guestConnections;
    private readonly Histogram<double> _typingUpstreamDuration;
    private readonly ConcurrentDictionary<TypingKey, int> _activeGuests = new();
    private readonly GatewaySummaryTotals _totals = new();
    private Func<bool?> _redisAvailable = static () => null;
    private Func<bool> _draining = static () => false;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _configReloads = meter.CreateCounter<long>(
            "typinggateway.config.reloads",
            unit: "{reload}",
            description: "Configuration reloads, by stage (files, proxy) and result (applied, rejected).");
        _redisRoundTrips = meter.CreateCounter<long>(
            "typinggateway.redis.round_trips",
            unit: "{call}",
            description: "Calls the gateway made to Redis, by operation.");
        _redisErrors = meter.CreateCounter<long>(
            "typinggateway.redis.errors",
            unit: "{call}",
            description: "Redis calls that failed or timed out, by operation.");
        _redisFallbacks = meter.CreateCounter<long>(
            "typinggateway.redis.fallbacks",
            unit: "{call}",
            description: "Operations served by per-process state because Redis was unreachable, by feature.");
        _redisDuration = meter.CreateHistogram<double>(
            "typinggateway.redis.duration",
            unit: "s",
            description: "Duration of Redis calls, by operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25] });
        _typingFrames = meter.CreateCounter<long>(
            "typinggateway.typing.frames",
            unit: "{frame}",
            description: "Typing indicators by profile, signal (start, stop, preview) and result (received, forwarded, suppressed, synthesized).");
        _tokenRequests = meter.CreateCounter<long>(
            "typinggateway.upstream.token_requests",
            unit: "{request}",
            description: "Requests this instance made to an upstream's token endpoint, by upstream and result (issued, failed).");
        _credentialRejections = meter.CreateCounter<long>(
            "typinggateway.credentials.rejections",
            unit: "{request}",
            description: "Requests on credential routes answered by the gateway and not forwarded, by route and reason (a guest ticket problem, or token_unavailable).");
        _upstreamReplays = meter.CreateCounter<long>(
            "typinggateway.upstream.replays",
            unit: "{request}",
            description: "Requests replayed once with a renewed token after the upstream answered 401, by upstream.");
        _rateLimitDecisions = meter.CreateCounter<long>(
            "typinggateway.ratelimit.decisions",
            unit: "{decision}",
            description: "Rate-limit decisions by policy, transport (http, ws), result (allowed, shaped, rejected, closed, typing-yielded), route and mode.");
        _admissionRejections = meter.CreateCounter<long>(
            "typinggateway.admission.rejections",
            unit: "{request}",
            description: "Requests refused before anything was forwarded, by route, transport (http, ws) and reason (origin_missing, origin_foreign, connection_limit).");
        _platformRejections = meter.CreateCounter<long>(
            "typinggateway.platform.rejections",
            unit: "{rejection}",
            description: "Rate-limit rejections the upstream platform answered guests with, seen by the gateway (a Genesys TooManyRequestsErrorMessage frame, a CXone TooManyRequests error, an HTTP 429 from the upstream), by route, transport (http, ws) and mode.");
        _safetyNetStops = meter.CreateCounter<long>(
            "typinggateway.typing.safety_net_stops",
            unit: "{burst}",
            description: "Typing bursts ended by a stop the gateway sent: the safety net (no typing signal from any tab of the guest for the profile's StopAfterIdle) or the stop a closed tab left owed; by route, profile and mode (in shadow, the stops enforcing would have sent).");
        _guestConnections = meter.CreateUpDownCounter<long>(
            "typinggateway.guest.connections",
            unit: "{connection}",
            description: "Open guest WebSockets on typing routes, by route.");
        meter.CreateObservableGauge(
            "typinggateway.guests.active",
            () => (long)_activeGuests.Count,
            unit: "{guest}",
            description: "Distinct guests (typing keys) with an open WebSocket on this instance that has shown typing or a message.");
        _typingUpstreamDuration = meter.CreateHistogram<double>(
            "typinggateway.typing.upstream.duration",
            unit: "s",
            description: "Time the upstream took to answer a typing request the gateway forwarded (HTTP typing routes), by route and mode.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge(
            "typinggateway.redis.available",
            () => _redisAvailable() is { } available ? [new Measurement<int>(available ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            unit: "1",
            description: "1 while Redis answers, 0 while the gateway serves from per-process state (no sample in single-instance mode, without Redis).");
        meter.CreateObservableGauge(
            "typinggateway.draining",
            () => _draining() ? 1 : 0,
            unit: "1",
            description: "1 while this instance drains for shutdown (readiness off, guest WebSockets being closed with 1001), else 0.");
    }

    /// <summary>The totals of the JSON summary (<c>/summary</c> on the management listener).</summary>
    public GatewaySummaryTotals Summary => _totals;

    /// <summary>Distinct guests with an open WebSocket here that has shown typing or a message.</summary>
    public int ActiveGuests => _activeGuests.Count;

    public void ConfigReloaded(ConfigReloadStage stage, bool applied) =>
        _configReloads.Add(
            1,
            new KeyValuePair<string, object?>("stage", stage.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("result", applied ? "applied" : "rejected"));

    /// <summary>One call to Redis completed (successfully or not) after <paramref name="elapsed"/>.</summary>
    public void RedisCall(string operation, TimeSpan elapsed, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        _redisRoundTrips.Add(1, tag);
        _redisDuration.Record(elapsed.TotalSeconds, tag);
        if (failed)
        {
            _redisErrors.Add(1, tag);
        }
    }

    /// <summary>An operation of <paramref name="feature"/> was served by per-process state.</summary>
    public void RedisFallback(string feature) => _redisFallbacks.Add(1, new KeyValuePair<string, object?>("feature", feature));

    public void TokenRequest(string upstream, bool succeeded) =>
        _tokenRequests.Add(
            1,
            new KeyValuePair<string, object?>("upstream", upstream),
            new KeyValuePair<string, object?>("result", succeeded ? "issued" : "failed"));

    public void CredentialRejection(string route, string reason) =>
        _credentialRejections.Add(
            1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("reason", reason));

    public void UpstreamReplay(string upstream)
    {
        _upstreamReplays.Add(1, new KeyValuePair<string, object?>("upstream", upstream));
        _totals.Replayed();
    }

    public void RateLimitDecision(string policy, string transport, string result, RouteMode route) =>
        _rateLimitDecisions.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("result", result),
            new KeyValuePair<string, object?>("route", route.RouteId),
            new KeyValuePair<string, object?>("mode", route.Tag));

    /// <param name="route">The route measured (its id and mode tag the measurement).</param>
    /// <param name="profile">The typing profile.</param>
    /// <param name="signal">start, stop or preview.</param>
    /// <param name="result">received, forwarded, suppressed, synthesized, unkeyed or undelivered.</param>
    /// <param name="deliveryKnown">
    /// False where the decision is not the delivery: an HTTP typing request the gateway lets through is delivered (or
    /// not) when the upstream answers it, and <see cref="TypingUpstreamCall"/> counts it for the summary then.
    /// </param>
    public void TypingFrame(RouteMode route, string profile, string signal, string result, bool deliveryKnown = true)
    {
        _typingFrames.Add(
            1,
            new KeyValuePair<string, object?>("route", route.RouteId),
            new KeyValuePair<string, object?>("profile", profile),
            new KeyValuePair<string, object?>("signal", signal),
            new KeyValuePair<string, object?>("result", result),
            new KeyValuePair<string, object?>("mode", route.Tag));
        _totals.TypingFrame(signal, result, route.IsShadow, deliveryKnown);
    }

    /// <summary>The safety net ended a burst (its stop went, or in shadow would have gone).</summary>
    public void SafetyNetStop(RouteMode route, string profile) =>
        _safetyNetStops.Add(
            1,
            new KeyValuePair<string, object?>("route", route.RouteId),
            new KeyValuePair<string, object?>("profile", profile),
            new KeyValuePair<string, object?>("mode", route.Tag));

    /// <summary>The upstream answered a guest with its rate-limit rejection.</summary>
    public void PlatformRejection(RouteMode route, string transport)
    {
        _platformRejections.Add(
            1,
            new KeyValuePair<string, object?>("route", route.RouteId),
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("mode", route.Tag));
        _totals.PlatformRejected();
    }

    public void GuestConnectionOpened(RouteMode route)
    {
        _guestConnections.Add(1, new KeyValuePair<string, object?>("route", route.RouteId));
        _totals.ConnectionOpened();
    }

    public void GuestConnectionClosed(RouteMode route)
    {
        _guestConnections.Add(-1, new KeyValuePair<string, object?>("route", route.RouteId));
        _totals.ConnectionClosed();
    }

    /// <summary>A connection showed <paramref name="guest"/> (once per connection and guest).</summary>
    public void GuestJoined(TypingKey guest) => _activeGuests.AddOrUpdate(guest, 1, static (_, n) => n + 1);

    /// <summary>A connection that showed <paramref name="guest"/> closed.</summary>
    public void GuestLeft(TypingKey guest)
    {
        while (_activeGuests.TryGetValue(guest, out var n))
        {
            if (n <= 1 ? _activeGuests.TryRemove(new KeyValuePair<TypingKey, int>(guest, n)) : _activeGuests.TryUpdate(guest, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>A forwarded HTTP typing request was answered by the upstream (or failed) after <paramref name="elapsed"/>.</summary>
    public void TypingUpstreamCall(RouteMode route, TimeSpan elapsed, bool succeeded)
    {
        _typingUpstreamDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("route", route.RouteId),
            new KeyValuePair<string, object?>("mode", route.Tag));
        _totals.UpstreamTypingCall(elapsed, succeeded);
    }

    /// <summary>Where the state gauges read from (wired once the host is built): Redis availability (null: not configured) and draining.</summary>
    public void ObserveState(Func<bool?> redisAvailable, Func<bool> draining)
    {
        _redisAvailable = redisAvailable;
        _draining = draining;
    }

    public void AdmissionRejection(string route, string transport, string reason) =>
        _admissionRejections.Add(
            1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("reason", reason));
}
