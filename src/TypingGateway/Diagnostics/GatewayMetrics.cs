using System.Diagnostics.Metrics;
using TypingGateway.Configuration;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on one meter created through <see cref="IMeterFactory"/> so that
/// each host (and each test instance) has its own. Features add their instruments here.
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
            description: "Rate-limit decisions by policy, transport (http, ws) and result (allowed, shaped, rejected, closed).");
        _admissionRejections = meter.CreateCounter<long>(
            "typinggateway.admission.rejections",
            unit: "{request}",
            description: "Requests refused before anything was forwarded, by route, transport (http, ws) and reason (origin_missing, origin_foreign, connection_limit).");
    }

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

    public void UpstreamReplay(string upstream) => _upstreamReplays.Add(1, new KeyValuePair<string, object?>("upstream", upstream));

    public void RateLimitDecision(string policy, string transport, string result) =>
        _rateLimitDecisions.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("result", result));

    public void TypingFrame(string profile, string signal, string result) =>
        _typingFrames.Add(
            1,
            new KeyValuePair<string, object?>("profile", profile),
            new KeyValuePair<string, object?>("signal", signal),
            new KeyValuePair<string, object?>("result", result));

    public void AdmissionRejection(string route, string transport, string reason) =>
        _admissionRejections.Add(
            1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("transport", transport),
            new KeyValuePair<string, object?>("reason", reason));
}
