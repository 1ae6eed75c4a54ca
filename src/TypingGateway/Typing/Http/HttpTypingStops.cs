using System.Collections.Concurrent;
using System.Net;
using Polly;
using Polly.Retry;
using TypingGateway.Auth;
using TypingGateway.Diagnostics;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing.Http;

/// <summary>
/// Synthesized stops of HTTP typing profiles: the gateway itself sends the stop the guest never
/// sent, to the same upstream URL and with the same headers as the burst's forwarded start. The call
/// goes through a Polly pipeline (retry on 429/5xx with exponential backoff and jitter, honouring
/// Retry-After) under a relevance deadline: a stop that would arrive stale is dropped, never late.
/// </summary>
internal sealed partial class HttpTypingStops : IDisposable
{
    private readonly ITypingStateStore _store;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<HttpTypingStops> _logger;
    private readonly UpstreamTokenBroker _tokens;
    private readonly HttpMessageInvoker _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ConcurrentDictionary<string, IdleStopWatcher<TypingStopRequest>> _watchers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<TypingKey, CancellationTokenSource> _inFlight = new();

    public HttpTypingStops(ITypingStateStore store, TimeProvider time, GatewayMetrics metrics, UpstreamTokenBroker tokens, ILogger<HttpTypingStops> logger)
        : this(store, time, metrics, tokens, logger, new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
    }

    internal HttpTypingStops(ITypingStateStore store, TimeProvider time, GatewayMetrics metrics, UpstreamTokenBroker tokens, ILogger<HttpTypingStops> logger, HttpMessageHandler handler)
    {
        _tokens = tokens;
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _client = new HttpMessageInvoker(handler, disposeHandler: true);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = TypingDefaults.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TypingDefaults.RetryBaseDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time.GetUtcNow())),
            })
            .Build();
    }

    /// <summary>A start of <paramref name="key"/> went by: (re)start its countdown; a forwarded start brings the request to repeat.</summary>
    public void Arm(TypingProfile profile, TypingKey key, TypingStopRequest? request)
    {
        if (request is not null)
        {
            Watcher(profile).Arm(key, profile.Timings, request);
        }
        else
        {
            Watcher(profile).Rearm(key, profile.Timings);
        }
    }

    /// <summary>The guest ended the burst (stop or message): nothing to synthesize, and a stop being sent now is cancelled.</summary>
    public void Disarm(TypingProfile profile, TypingKey key)
    {
        Watcher(profile).Disarm(key);
        if (_inFlight.TryRemove(key, out var sending))
        {
            sending.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers.Values)
        {
            watcher.Dispose();
        }

        _client.Dispose();
    }

    // One per profile: a profile's start, stop and message may come through different routes (TypingRequest metadata),
    // and a stop or message on one must disarm the countdown the start armed on another. The start's route, kept with
    // its request, says whether the stop is sent (enforce) or only counted (shadow), and tags what is counted.
    private IdleStopWatcher<TypingStopRequest> Watcher(TypingProfile profile) =>
        _watchers.GetOrAdd(profile.Name, _ => new IdleStopWatcher<TypingStopRequest>(
            profile.Name,
            _store,
            _time,
            _metrics,
            _logger,
            (key, request, _, token) => request is null ? ValueTask.FromResult(false)
                : request.Route?.IsShadow == true ? ValueTask.FromResult(true) // shadow: counted as the stop enforcing would send, not sent
                : SendAsync(profile, key, request, token),
            routeOf: static request => request.Route));

    private async ValueTask<bool> SendAsync(TypingProfile profile, TypingKey key, TypingStopRequest request, CancellationToken cancellationToken)
    {
        using var relevance = new CancellationTokenSource(profile.StaleAfter, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, relevance.Token);
        _inFlight[key] = linked;
        try
        {
            var bearer = request.Upstream is { } upstream ? await _tokens.GetTokenAsync(upstream, linked.Token).ConfigureAwait(false) : null;
            var response = await SendWithRetriesAsync(request, bearer, linked.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && bearer is not null
                && await _tokens.RenewAsync(request.Upstream!, bearer, linked.Token).ConfigureAwait(false) is { } renewed)
            {
                // The gateway's own call: renewed once across the cluster, sent once more.
                response.Dispose();
                _metrics.UpstreamReplay(request.Upstream!);
                response = await SendWithRetriesAsync(request, renewed, linked.Token).ConfigureAwait(false);
            }

            using var _ = response;
            if (!response.IsSuccessStatusCode)
            {
                Log.StopRejected(_logger, profile.Name, (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stale (the deadline passed while retrying) or overtaken by the guest's own stop or message.
            Log.StopDropped(_logger, profile.Name);
            return false;
        }
        catch (HttpRequestException ex)
        {
            Log.StopFailed(_logger, profile.Name, ex);
            return false;
        }
        catch (TokenUnavailableException ex)
        {
            Log.StopWithoutToken(_logger, profile.Name, ex.Message);
            return false;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<TypingKey, CancellationTokenSource>(key, linked));
        }
    }

    private Task<HttpResponseMessage> SendWithRetriesAsync(TypingStopRequest request, UpstreamToken? bearer, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            async token => await _client.SendAsync(Build(request, bearer), token).ConfigureAwait(false),
            cancellationToken).AsTask();

    private static HttpRequestMessage Build(TypingStopRequest request, UpstreamToken? bearer)
    {
        var message = new HttpRequestMessage(request.Method, request.Uri) { Content = new ByteArrayContent(request.StopBody) };
        if (request.MediaType is not null)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.MediaType);
        }

        foreach (var (name, values) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, values);
        }

        if (bearer is not null)
        {
            message.Headers.TryAddWithoutValidation(Microsoft.Net.Http.Headers.HeaderNames.Authorization, bearer.AuthorizationValue);
        }

        return message;
    }

    // Retry-After (RFC 9110 §10.2.3) as seconds or a date; null lets the backoff decide.
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now) =>
        response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Typing profile {Profile}: the synthesized stop was dropped (stale, or the guest ended the burst first).")]
        public static partial void StopDropped(ILogger logger, string profile);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Typing profile {Profile}: the upstream answered the synthesized stop with {StatusCode}.")]
        public static partial void StopRejected(ILogger logger, string profile, int statusCode);

        [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Typing profile {Profile}: the synthesized stop could not be sent.")]
        public static partial void StopFailed(ILogger logger, string profile, Exception exception);

        [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Typing profile {Profile}: the synthesized stop was not sent: {Reason}")]
        public static partial void StopWithoutToken(ILogger logger, string profile, string reason);
    }
}
