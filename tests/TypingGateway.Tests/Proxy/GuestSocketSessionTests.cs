using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Protocols;
using TypingGateway.Proxy;
using TypingGateway.Tests.Typing.State;
using TypingGateway.Typing;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.Proxy;

[Trait("Area", "Typing")]
public sealed class GuestSocketSessionTests : IDisposable
{
    private const string Visitor = "v-1";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly MetricsCapture _metrics = new();
    private readonly InMemoryTypingStateStore _store;
    private readonly FakeTypingInvalidations _invalidations = new();

    public GuestSocketSessionTests() => _store = new InMemoryTypingStateStore(_time);

    public void Dispose()
    {
        _store.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task CloseAsync_LastTypingTabLeavesAndItsOwnAnnouncementArrivesBeforeDispose_OwedStopLeftForAnotherConnection()
    {
        // The script that ends the burst also announces it, and this instance hears its own announcement, possibly
        // before the closing connection is disposed (seen on a Redis Cluster: the stop was claimed by the closing
        // connection, which could not deliver it, event 1301, and the guest's other tab never got it).
        var profile = TypingProfileFactory.Build(new TypingOptions()).Profiles[TypingProfiles.CxoneChat];
        var store = new AnnouncingStore(_store, _invalidations);
        var services = new GuestSocketServices(
            store, new TypingStopDirectory(_invalidations), _metrics.Metrics, _time, new FixedOptions(), RateLimits: null!, Gcra: null!, NullLogger.Instance);
        var session = new GuestSocketSession(profile, new DefaultHttpContext(), limits: null, services);
        Assert.Equal(FrameVerdict.Forward, await session.InspectAsync(Started(1), CancellationToken.None));

        await session.CloseAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1)); // a check the closing connection scheduled would run now
        session.Dispose();

        var key = Assert.Single(store.Left);
        var owed = await _store.CheckIdleAsync(key, profile.Timings, CancellationToken.None);
        Assert.True(owed.Synthesize, "the closing connection claimed the stop it owes the guest's other connections");
    }

    [Fact]
    public async Task Shadow_EveryFrameForwardedAtOnce_DecidedAfterwardsAsEnforcing_NoStopInjected()
    {
        var profile = TypingProfileFactory.Build(new TypingOptions()).Profiles[TypingProfiles.CxoneChat];
        using var metrics = new MetricsCapture("typinggateway.typing.frames", "typinggateway.typing.safety_net_stops");
        var services = new GuestSocketServices(
            _store, new TypingStopDirectory(_invalidations), metrics.Metrics, _time, new FixedOptions(), RateLimits: null!, Gcra: null!, NullLogger.Instance);
        var mode = new RouteMode("cxone-guest", shadow: true);
        var session = new GuestSocketSession(profile, new DefaultHttpContext(), limits: null, services, mode);

        // Five starts of one burst: enforcing forwards the first and suppresses four; shadow forwards all five.
        for (var n = 1; n <= 5; n++)
        {
            var verdict = session.InspectAsync(Started(n), CancellationToken.None);
            Assert.True(verdict.IsCompletedSuccessfully, "shadow forwards without waiting for the decision");
            Assert.Equal(FrameVerdict.Forward, await verdict);
        }

        await Wait(() => session.Forwarded + session.Suppressed == 5);
        Assert.Equal((1, 4), (session.Forwarded, session.Suppressed));
        Assert.Equal(4, metrics.Sum("typinggateway.typing.frames", ("result", "suppressed"), ("mode", "shadow"), ("route", "cxone-guest")));

        // The safety net fires: the stop enforcing would inject is counted, and nothing is injected (there is no filter:
        // an injection attempt would fail and count as undelivered).
        _time.Advance(profile.Timings.StopAfterIdle!.Value + TimeSpan.FromSeconds(1));
        await Wait(() => metrics.Sum("typinggateway.typing.safety_net_stops", ("mode", "shadow")) == 1);
        Assert.Equal(0, metrics.Sum("typinggateway.typing.frames", ("result", "undelivered")));

        // Switched to enforce: the next start of a new burst is decided inline, after the shadow decisions.
        mode.IsShadow = false;
        Assert.Equal(FrameVerdict.Forward, await session.InspectAsync(Started(6), CancellationToken.None));
        Assert.Equal(FrameVerdict.Drop, await session.InspectAsync(Started(7), CancellationToken.None));

        await session.CloseAsync(CancellationToken.None);
        session.Dispose();
    }

    private static async Task Wait(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static ReadOnlyMemory<byte> Started(int n) => Encoding.UTF8.GetBytes(
        "{\"action\":\"chatWindowEvent\",\"eventId\":\"e" + n + "\",\"payload\":{\"eventType\":\"SenderTypingStarted\",\"brand\":{\"id\":1},"
        + "\"channel\":{\"id\":\"c\"},\"visitor\":{\"id\":\"" + Visitor + "\"}}}");

    /// <summary>The shared store, announcing the end of a burst on leave as the Redis scripts do (in the same step).</summary>
    private sealed class AnnouncingStore(InMemoryTypingStateStore inner, FakeTypingInvalidations invalidations) : ITypingStateStore
    {
        public List<TypingKey> Left { get; } = [];

        public async ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
        {
            var owed = await inner.LeaveAsync(key, tab, timings, cancellationToken);
            Left.Add(key);
            invalidations.Raise(key);
            return owed;
        }

        public ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken) =>
            inner.StartAsync(key, tab, timings, stopTemplate, cancellationToken);

        public ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken) =>
            inner.StopAsync(key, tab, timings, cancellationToken);

        public ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) => inner.MessageAsync(key, timings, cancellationToken);

        public ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
            inner.CheckIdleAsync(key, timings, cancellationToken);
    }

    private sealed class FixedOptions : IOptionsMonitor<WebSocketFilterOptions>
    {
        public WebSocketFilterOptions CurrentValue { get; } = new();

        public WebSocketFilterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<WebSocketFilterOptions, string?> listener) => null;
    }
}
