using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Auth;
using TypingGateway.Configuration;
using TypingGateway.Hosting;
using TypingGateway.Redis;
using TypingGateway.Tests.Typing.State;
using TypingGateway.Typing;
using TypingGateway.Typing.Http;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.Http;

/// <summary>
/// When synthesized HTTP stops go out, under fake time (the integration tests check them by order and counts):
/// StopAfterIdle after the burst's last keystroke, each retry when Retry-After says, none once the stop is stale.
/// </summary>
/// <remarks>
/// The clock only moves when a test says so, and the test answers each upstream call itself: an attempt's time is
/// the time the clock was moved to, and the retry's delay is scheduled (synchronously, on this thread) before the
/// clock moves again. Polly resumes after a delay on the thread pool, so a test waits for the next attempt (or the
/// stop's outcome) as an event rather than assuming it has happened when the clock has moved. That also means a
/// retry sent too early would be seen only once the clock has reached the expected time: "not before Retry-After"
/// rests on <see cref="RetryAfter_SecondsDateOrNone_DelayToHonour"/> and the integration test's lower bound
/// (HttpTypingStopTests.UpstreamAnswers429WithRetryAfter_StopRetriedAfterTheGivenDelay), which slowness cannot break.
/// </remarks>
[Trait("Area", "Typing")]
public sealed class HttpTypingStopsTests : IAsyncDisposable
{
    private const string TypingFrames = "typinggateway.typing.frames";
    private const int StopDroppedEvent = 1311;

    private static readonly TimeSpan _stopAfterIdle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _staleAfter = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _millisecond = TimeSpan.FromMilliseconds(1);

    /// <summary>Real time allowed for work the fake clock released to finish on the thread pool.</summary>
    private static readonly TimeSpan _realTimeLimit = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MetricsCapture _metrics = new(TypingFrames);
    private readonly FakeLogger<HttpTypingStops> _logger;
    private readonly InMemoryTypingStateStore _store;
    private readonly RedisConnection _noRedis = new(Options.Create(new RedisOptions()), NullLogger<RedisConnection>.Instance, TimeProvider.System, NullLogger<RedisOutagePolicy>.Instance);
    private readonly CredentialsCatalog _credentials = new(new ConfigurationBuilder().Build(), new ConfigReloadMonitor(), new TypingGatewayMarker(Path.GetTempPath()));
    private readonly UpstreamTokenBroker _tokens;
    private readonly ScriptedUpstream _upstream;
    private readonly HttpTypingStops _stops;
    private readonly TypingProfile _profile;
    private readonly TypingKey _key;

    public HttpTypingStopsTests()
    {
        var options = new TypingOptions();
        var idlechat = new TypingProfileOptions
        {
            Kind = "Json",
            Transport = TypingTransport.Http,
            Path = "/typing",
            Stop = TypingStopMode.SynthesizeAfterIdle,
            StopAfterIdle = _stopAfterIdle,
            StaleAfter = _staleAfter,
        };
        idlechat.StartValues.Add("true");
        idlechat.StopValues.Add("false");
        idlechat.Key.Add("route:guestId");
        options.Profiles["idlechat"] = idlechat;
        _profile = TypingProfileFactory.Build(options).Profiles["idlechat"];
        _key = TypingKey.Create(_profile.Name, "guest-1");

        _logger = new FakeLogger<HttpTypingStops>(FakeLogCollector.Create(new FakeLogCollectorOptions { TimeProvider = _time }));
        _store = new InMemoryTypingStateStore(_time);
        _upstream = new ScriptedUpstream(_time);
        var shared = new RedisTokenCache(_noRedis, Options.Create(new RedisOptions()), _metrics.Metrics, _time);
        _tokens = new UpstreamTokenBroker(_credentials, shared, _time, _metrics.Metrics, NullLogger<UpstreamTokenBroker>.Instance);
        _stops = new HttpTypingStops(_store, _time, _metrics.Metrics, _tokens, _logger, _upstream);
    }

    public async ValueTask DisposeAsync()
    {
        _stops.Dispose();
        _tokens.Dispose();
        _store.Dispose();
        _metrics.Dispose();
        _credentials.Dispose();
        await _noRedis.DisposeAsync();
    }

    [Fact]
    public async Task Arm_UpstreamAnswers429WithRetryAfter_SentAfterIdleThenRetriedWhenRetryAfterSays()
    {
        var armedAt = await StartBurstAsync();

        _time.Advance(_stopAfterIdle - _millisecond);
        Assert.Equal(0, _upstream.Count);
        _time.Advance(_millisecond);
        var first = await _upstream.NextAsync();
        first.Answer(HttpStatusCode.TooManyRequests, _retryAfter);
        _time.Advance(_retryAfter);
        var second = await _upstream.NextAsync();
        second.Answer(HttpStatusCode.TooManyRequests, _retryAfter);
        _time.Advance(_retryAfter);
        var third = await _upstream.NextAsync();
        third.Answer(HttpStatusCode.OK);
        await StopOutcomeAsync();

        Assert.Equal(
            [_stopAfterIdle, _stopAfterIdle + _retryAfter, _stopAfterIdle + (2 * _retryAfter)],
            new[] { first, second, third }.Select(a => a.At - armedAt));
        Assert.Equal("""{"typing":false}""", third.Body);
        Assert.Equal((1, 0), (Stops("synthesized"), Stops("undelivered")));
    }

    [Fact]
    public async Task Arm_UpstreamKeepsFailing_DroppedExactlyWhenStaleAndNeverSentAfter()
    {
        // Retry-After 1 s with four retries would reach 4 s after the first try; the stop is stale 2.5 s after it.
        var armedAt = await StartBurstAsync();
        _time.Advance(_stopAfterIdle);
        var attempts = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            var attempt = await _upstream.NextAsync();
            attempts.Add(attempt.At);
            attempt.Answer(HttpStatusCode.ServiceUnavailable, _retryAfter);
            if (i < 2)
            {
                _time.Advance(_retryAfter);
            }
        }

        // The next retry would be due at 3 s after the first try; the stop goes stale before, at 2.5 s.
        _time.Advance(_staleAfter - (2 * _retryAfter));
        await StopOutcomeAsync();
        _time.Advance(TimeSpan.FromSeconds(10));

        var staleAt = armedAt + _stopAfterIdle + _staleAfter;
        Assert.Equal([_stopAfterIdle, _stopAfterIdle + _retryAfter, _stopAfterIdle + (2 * _retryAfter)], attempts.Select(at => at - armedAt));
        Assert.Equal(3, _upstream.Count);
        Assert.Equal((0, 1), (Stops("synthesized"), Stops("undelivered")));
        var dropped = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == StopDroppedEvent);
        Assert.Equal(staleAt, dropped.Timestamp);
    }

    [Fact]
    public void RetryAfter_SecondsDateOrNone_DelayToHonour()
    {
        var now = _time.GetUtcNow();
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) } };
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(now.AddSeconds(3)) } };
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(now.AddSeconds(-3)) } };
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(1), HttpTypingStops.RetryAfter(seconds, now));
        Assert.Equal(TimeSpan.FromSeconds(3), HttpTypingStops.RetryAfter(date, now));
        Assert.Equal(TimeSpan.Zero, HttpTypingStops.RetryAfter(past, now));
        Assert.Null(HttpTypingStops.RetryAfter(none, now));
        Assert.Null(HttpTypingStops.RetryAfter(null, now));
    }

    [Fact]
    public async Task Arm_StartCameThroughAShadowRoute_StopCountedForTheRouteNeverSent()
    {
        await StartBurstAsync(new TypingGateway.Proxy.RouteMode("webchat-typing", shadow: true));

        _time.Advance(_stopAfterIdle);
        await StopOutcomeAsync();

        Assert.Equal(0, _upstream.Count);
        Assert.Equal(1, _metrics.Sum(TypingFrames, ("result", "synthesized"), ("route", "webchat-typing"), ("mode", "shadow")));
    }

    [Fact]
    public async Task Disarm_FromAnotherRouteOfTheProfile_TheStartsCountdownStops()
    {
        // TypingRequest routes: the start came through one route, the guest's message through another of the profile.
        await StartBurstAsync(new TypingGateway.Proxy.RouteMode("typing-start", shadow: false));
        new HttpRequestStopSink(_stops, _profile, new TypingGateway.Proxy.RouteMode("message", shadow: false)).Disarm(_key);

        _time.Advance(_stopAfterIdle + _stopAfterIdle);
        await Task.Delay(50);

        Assert.Equal(0, _upstream.Count);
        Assert.Equal(0, Stops("synthesized") + Stops("undelivered"));
    }

    /// <summary>A forwarded start of the guest: the burst in the store and its stop armed, as the proxy step does.</summary>
    private async Task<DateTimeOffset> StartBurstAsync(TypingGateway.Proxy.RouteMode? route = null)
    {
        Assert.Equal(TypingDecision.Forward, await _store.StartAsync(_key, _profile.Timings, default));
        var request = new TypingStopRequest(
            new Uri("http://upstream.test/echo/idlechat/guests/guest-1/typing"), HttpMethod.Post, "application/json", [], """{"typing":false}"""u8.ToArray(), Route: route);
        _stops.Arm(_profile, _key, request);
        return _time.GetUtcNow();
    }

    /// <summary>Waits until the stop was delivered or given up (the watcher counts either).</summary>
    private async Task StopOutcomeAsync()
    {
        using var limit = new CancellationTokenSource(_realTimeLimit);
        await _metrics[TypingFrames].WaitForMeasurementsAsync(1, limit.Token);
    }

    private long Stops(string result) => _metrics.Sum(TypingFrames, ("signal", "stop"), ("result", result));

    /// <summary>One call that reached the upstream, waiting for the test's answer.</summary>
    private sealed record Attempt(DateTimeOffset At, string Body, TaskCompletionSource<HttpResponseMessage> Response)
    {
        /// <summary>Answers on this thread: what the stop's pipeline does next (a retry's delay) is scheduled before this returns.</summary>
        public void Answer(HttpStatusCode status, TimeSpan? retryAfter = null)
        {
            var response = new HttpResponseMessage(status);
            if (retryAfter is { } delay)
            {
                response.Headers.RetryAfter = new(delay);
            }

            // Continuations run inline only where no SynchronizationContext is current (xUnit's is, on the test thread).
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                Assert.True(Response.TrySetResult(response), "the attempt was already answered or cancelled");
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }
    }

    /// <summary>The upstream of the typing route: each call is recorded with the clock's time and answered by the test.</summary>
    private sealed class ScriptedUpstream(TimeProvider clock) : HttpMessageHandler
    {
        private readonly Channel<Attempt> _attempts = Channel.CreateUnbounded<Attempt>();
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public async Task<Attempt> NextAsync() =>
            await _attempts.Reader.ReadAsync().AsTask().WaitAsync(_realTimeLimit);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var body = await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

            // Continuations run synchronously on the answering thread: see Attempt.Answer.
            var response = new TaskCompletionSource<HttpResponseMessage>();
            using var cancelled = cancellationToken.Register(() => response.TrySetCanceled(cancellationToken));
            await _attempts.Writer.WriteAsync(new Attempt(clock.GetUtcNow(), body, response), cancellationToken).ConfigureAwait(false);
            return await response.Task.ConfigureAwait(false);
        }
    }
}
