using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TypingGateway.Protocols;
using TypingGateway.Tests.Typing.State;
using TypingGateway.Typing;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing;

/// <summary>The collapse rules of design.md §3 on one connection, under fake time, with the real in-memory store.</summary>
public sealed class TypingCollapserTests : IDisposable
{
    private const string Visitor = "v-1";
    private const string TypingFrames = "typinggateway.typing.frames";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MetricsCapture _metrics = new(TypingFrames);
    private readonly InMemoryTypingStateStore _store;
    private readonly RecordingInjector _injector = new();

    public TypingCollapserTests() => _store = new InMemoryTypingStateStore(_time);

    public void Dispose()
    {
        (_store as IDisposable)?.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Genesys_LeadingEdgeThenOnePerStartInterval()
    {
        var collapser = Create(Profile("genesys-webmessaging"), out _);
        var decisions = new List<bool>();

        for (var i = 0; i < 120; i++)
        {
            decisions.Add(await collapser.ShouldForwardAsync(Genesys.Typing, CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal([0, 50, 100], decisions.Select((forward, i) => (forward, i)).Where(d => d.forward).Select(d => d.i));
        Assert.Equal(120, _metrics.Sum(TypingFrames, ("result", "received")));
        Assert.Equal(3, _metrics.Sum(TypingFrames, ("result", "forwarded")));
        Assert.Equal(117, _metrics.Sum(TypingFrames, ("result", "suppressed")));
        Assert.Equal((3, 117), (collapser.Forwarded, collapser.Suppressed)); // what the connection's span reports
    }

    [Fact]
    public async Task Genesys_MessageResetsBurst_NextKeystrokeForwardedAtOnce()
    {
        var collapser = Create(Profile("genesys-webmessaging"), out _);
        Assert.True(await collapser.ShouldForwardAsync(Genesys.Typing, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await collapser.ShouldForwardAsync(Genesys.Typing, CancellationToken.None));

        Assert.True(await collapser.ShouldForwardAsync(Genesys.Text, CancellationToken.None));
        Assert.True(await collapser.ShouldForwardAsync(Genesys.Typing, CancellationToken.None));
    }

    [Fact]
    public async Task Cxone_NoEndFromGuest_ExactlyOneStopSynthesizedAfterIdle()
    {
        var collapser = Create(Profile("cxone-chat"), out var stops);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i == 0, await collapser.ShouldForwardAsync(Cxone.Started(i), CancellationToken.None));
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Edge-triggered: the safety net waits 30 s after the last typing signal (the start at 0.9 s; now 1.0 s).
        _time.Advance(TimeSpan.FromMilliseconds(29_899));
        await Task.Yield();
        Assert.Empty(_injector.Injected);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _injector.WaitAsync(1);
        _time.Advance(TimeSpan.FromSeconds(10));

        var stop = Encoding.UTF8.GetString(Assert.Single(_injector.Injected));
        Assert.Contains("\"eventType\":\"SenderTypingEnded\"", stop, StringComparison.Ordinal);
        Assert.Equal(1, _metrics.Sum(TypingFrames, ("result", "synthesized")));
        stops.Dispose();
    }

    [Fact]
    public async Task Cxone_GuestEndsBurst_EndForwardedOnceAndNothingSynthesized()
    {
        var collapser = Create(Profile("cxone-chat"), out var stops);

        Assert.True(await collapser.ShouldForwardAsync(Cxone.Started(1), CancellationToken.None));
        Assert.True(await collapser.ShouldForwardAsync(Cxone.Ended(2), CancellationToken.None));
        Assert.False(await collapser.ShouldForwardAsync(Cxone.Ended(3), CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(_injector.Injected);
        stops.Dispose();
    }

    [Fact]
    public async Task Cxone_EndWithoutForwardedStart_Suppressed()
    {
        var collapser = Create(Profile("cxone-chat"), out var stops);

        Assert.False(await collapser.ShouldForwardAsync(Cxone.Ended(1), CancellationToken.None));
        stops.Dispose();
    }

    [Fact]
    public async Task Cxone_MessageDropsQueuedStopAndDisarms()
    {
        var collapser = Create(Profile("cxone-chat"), out var stops);
        Assert.True(await collapser.ShouldForwardAsync(Cxone.Started(1), CancellationToken.None));
        var cancelledBefore = _injector.Cancelled;

        Assert.True(await collapser.ShouldForwardAsync(Cxone.Message(2), CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(cancelledBefore + 1, _injector.Cancelled);
        Assert.Empty(_injector.Injected);
        stops.Dispose();
    }

    [Theory]
    [InlineData(PreviewMode.Forward, true)]
    [InlineData(PreviewMode.Drop, false)]
    public async Task Cxone_PreviewFollowsProfile(PreviewMode mode, bool forwarded)
    {
        var collapser = Create(Profile("cxone-chat") with { Preview = mode }, out var stops);

        Assert.Equal(forwarded, await collapser.ShouldForwardAsync(Cxone.Event("SendMessagePreview", 1), CancellationToken.None));
        stops.Dispose();
    }

    [Fact]
    public async Task StoreFails_FrameForwardedUnchanged()
    {
        var collapser = new TypingCollapser(
            Profile("genesys-webmessaging"), Genesys.Context, TypingTab.None, new ThrowingStore(), null, _metrics.Metrics, NullLogger.Instance);

        Assert.True(await collapser.ShouldForwardAsync(Genesys.Typing, CancellationToken.None));
        Assert.Equal((1, 0), (collapser.Forwarded, collapser.Suppressed)); // fail-open counts as forwarded
    }

    [Fact]
    public async Task Decisions_CountOnlyTypingStartsAndStops()
    {
        var collapser = Create(Profile("cxone-chat"), out var stops);

        Assert.True(await collapser.ShouldForwardAsync(Cxone.Started(1), CancellationToken.None));
        Assert.False(await collapser.ShouldForwardAsync(Cxone.Started(2), CancellationToken.None));
        Assert.True(await collapser.ShouldForwardAsync(Cxone.Event("SendMessagePreview", 3), CancellationToken.None));
        Assert.True(await collapser.ShouldForwardAsync(Cxone.Message(4), CancellationToken.None));
        Assert.False(await collapser.ShouldForwardAsync(Cxone.Ended(5), CancellationToken.None));

        Assert.Equal((1, 2), (collapser.Forwarded, collapser.Suppressed));
        stops.Dispose();
    }

    [Fact]
    public async Task TypingWithoutKey_ForwardedAndCountedUnkeyed()
    {
        // A CXone start with neither visitor ids in the frame nor in the upgrade query.
        var collapser = new TypingCollapser(Profile("cxone-chat"), TypingContext.Empty, TypingTab.NewConnection(), _store, null, _metrics.Metrics, NullLogger.Instance);
        var anonymous = Encoding.UTF8.GetBytes("""{"action":"chatWindowEvent","eventId":"e1","payload":{"eventType":"SenderTypingStarted"}}""");

        Assert.True(await collapser.ShouldForwardAsync(anonymous, CancellationToken.None));
        Assert.True(await collapser.ShouldForwardAsync(anonymous, CancellationToken.None));
        Assert.Equal(2, _metrics.Sum(TypingFrames, ("result", "unkeyed")));
    }

    [Fact]
    public async Task OwedStop_NoticeMissedByAnotherInstance_ClaimedWhenItsSubscriptionComesUp()
    {
        // Two instances sharing the state: the guest types on A and reads on B. A's typing tab closes and owes a stop,
        // but B's subscription was not live yet (right after start, under load), so B never heard the notice. When it
        // comes up (null: "you may have missed something"), B's connection checks and sends the stop, once.
        var profile = Profile("cxone-chat");
        var invalidationsOnB = new FakeTypingInvalidations();
        var onA = new TypingStopDirectory();
        var onB = new TypingStopDirectory(invalidationsOnB);
        var injectorB = new RecordingInjector();
        var stopsA = new WebSocketStopSink(profile, _store, _time, _metrics.Metrics, NullLogger.Instance, _injector, onA);
        var stopsB = new WebSocketStopSink(profile, _store, _time, _metrics.Metrics, NullLogger.Instance, injectorB, onB);
        var typing = new TypingCollapser(profile, TypingContext.Empty, TypingTab.NewConnection(), _store, stopsA, _metrics.Metrics, NullLogger.Instance);
        var reading = new TypingCollapser(profile, TypingContext.Empty, TypingTab.NewConnection(), _store, stopsB, _metrics.Metrics, NullLogger.Instance);
        Assert.True(await reading.ShouldForwardAsync(Cxone.Event("MessageSeenByConsumer", 1), CancellationToken.None));
        Assert.True(await typing.ShouldForwardAsync(Cxone.Started(2), CancellationToken.None));

        await typing.CloseAsync(CancellationToken.None);
        await Task.Delay(100);
        var beforeSubscription = injectorB.Injected.Count;
        invalidationsOnB.Raise(null);
        invalidationsOnB.Raise(null);
        for (var i = 0; i < 100 && injectorB.Injected.Count == 0; i++)
        {
            await Task.Delay(20);
        }

        await Task.Delay(100);
        Assert.Equal(0, beforeSubscription);
        var stop = Assert.Single(injectorB.Injected);
        Assert.Contains("SenderTypingEnded", Encoding.UTF8.GetString(stop), StringComparison.Ordinal);
        Assert.Empty(_injector.Injected);
    }

    private static TypingProfile Profile(string name) => TypingProfileFactory.Build(new TypingOptions()).Profiles[name];

    private TypingCollapser Create(TypingProfile profile, out WebSocketStopSink stops)
    {
        stops = new WebSocketStopSink(profile, _store, _time, _metrics.Metrics, NullLogger.Instance, _injector, new TypingStopDirectory());
        var context = profile.Name == TypingProfiles.CxoneChat ? TypingContext.Empty : Genesys.Context;
        return new TypingCollapser(profile, context, TypingTab.NewConnection(), _store, stops, _metrics.Metrics, NullLogger.Instance);
    }

    private static class Genesys
    {
        public static readonly TypingContext Context = new(q => q == "deploymentId" ? "dep" : null, _ => null, _ => null);

        public static ReadOnlyMemory<byte> Typing { get; } = Encoding.UTF8.GetBytes("""{"token":"t1","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""");

        public static ReadOnlyMemory<byte> Text { get; } = Encoding.UTF8.GetBytes("""{"token":"t1","message":{"text":"hi","type":"Text"},"action":"onMessage"}""");
    }

    private static class Cxone
    {
        public static ReadOnlyMemory<byte> Event(string type, int n) => Encoding.UTF8.GetBytes(
            "{\"action\":\"chatWindowEvent\",\"eventId\":\"e" + n + "\",\"payload\":{\"eventType\":\"" + type
            + "\",\"brand\":{\"id\":1},\"channel\":{\"id\":\"c\"},\"visitor\":{\"id\":\"" + Visitor + "\"}}}");

        public static ReadOnlyMemory<byte> Started(int n) => Event("SenderTypingStarted", n);

        public static ReadOnlyMemory<byte> Ended(int n) => Event("SenderTypingEnded", n);

        public static ReadOnlyMemory<byte> Message(int n) => Event("SendMessage", n);
    }

    private sealed class RecordingInjector : IUpstreamInjector
    {
        private readonly List<byte[]> _injected = [];

        public IReadOnlyList<byte[]> Injected
        {
            get
            {
                lock (_injected)
                {
                    return [.. _injected];
                }
            }
        }

        public int Cancelled { get; private set; }

        public bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8Text)
        {
            lock (_injected)
            {
                _injected.Add(utf8Text.ToArray());
            }

            return true;
        }

        public int CancelPendingInjections()
        {
            Cancelled++;
            return 0;
        }

        // The idle check runs asynchronously after the fake timer fires; bounded wait for it to land.
        public async Task WaitAsync(int count)
        {
            for (var i = 0; i < 200 && Injected.Count < count; i++)
            {
                await Task.Delay(10);
            }
        }
    }

    private sealed class ThrowingStore : ITypingStateStore
    {
        public ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");

        public ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");

        public ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }
}
