using System.Threading.RateLimiting;
using TypingGateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class GcraRateLimiterTests : IDisposable
{
    private const string Policy = "requests";
    private const string Partition = "guest-1";

    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _store;
    private readonly RateLimitConfig _config = new(Requests(burst: 2));
    private readonly MetricsCapture _metrics = new(FrameGuardHarness.DecisionsMetric);

    public GcraRateLimiterTests() => _store = new InMemoryGcraStore(_time);

    public void Dispose()
    {
        _store.Dispose();
        _config.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void AttemptAcquire_Always_UndecidedAndNothingTaken()
    {
        using var limiter = Limiter();

        var leases = Enumerable.Range(0, 5).Select(_ => limiter.AttemptAcquire()).ToList();

        Assert.All(leases, lease => Assert.Same(GcraLease.Undecided, lease));
        Assert.False(GcraLease.Undecided.IsAcquired);
        Assert.Null(GcraLease.Undecided.Policy);
        Assert.Equal(0, _store.Count);
        Assert.Equal(0, HttpDecisions());
    }

    [Fact]
    public async Task AcquireAsync_BurstThenOver_DecidedWithPolicyAndRetryAfter()
    {
        using var limiter = Limiter();

        var leases = new List<GcraLease>();
        for (var i = 0; i < 3; i++)
        {
            leases.Add((GcraLease)await limiter.AcquireAsync());
        }

        Assert.Equal([true, true, false], leases.Select(l => l.IsAcquired));
        Assert.All(leases, lease => Assert.Same(_config.Catalog.Current.Policies[Policy], lease.Policy));
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, _interval], leases.Select(l => l.RetryAfter));
        Assert.Equal((2, 1, 3), (HttpDecisions("allowed"), HttpDecisions("rejected"), HttpDecisions()));
    }

    [Fact]
    public async Task AcquireAsync_Rejected_RetryAfterMetadata()
    {
        using var limiter = Limiter();
        await limiter.AcquireAsync();
        await limiter.AcquireAsync();

        using var rejected = await limiter.AcquireAsync();

        Assert.Equal([MetadataName.RetryAfter.Name], rejected.MetadataNames);
        Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(_interval, retryAfter);
        Assert.False(rejected.TryGetMetadata("REASON_PHRASE", out var other));
        Assert.Null(other);
    }

    [Fact]
    public async Task AcquireAsync_Acquired_NoMetadata()
    {
        using var limiter = Limiter();

        using var acquired = await limiter.AcquireAsync();

        Assert.True(acquired.IsAcquired);
        Assert.Empty(acquired.MetadataNames);
        Assert.False(acquired.TryGetMetadata(MetadataName.RetryAfter, out _));
    }

    [Fact]
    public async Task AcquireAsync_RetryAfterPassed_AcquiredAgain()
    {
        using var limiter = Limiter();
        await limiter.AcquireAsync();
        await limiter.AcquireAsync();
        var rejected = (GcraLease)await limiter.AcquireAsync();

        _time.Advance(rejected.RetryAfter);
        using var again = await limiter.AcquireAsync();

        Assert.True(again.IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_ShapePolicy_RejectedNotDelayed()
    {
        _config.Reload(new(Requests(burst: 1)) { [$"{Policy}:Mode"] = "Shape", [$"{Policy}:MaxDelay"] = "00:00:02" });
        using var limiter = Limiter();

        await limiter.AcquireAsync();
        var second = (GcraLease)await limiter.AcquireAsync();

        Assert.False(second.IsAcquired);
        Assert.Equal(_interval, second.RetryAfter);
    }

    [Fact]
    public async Task AcquireAsync_PolicyRemovedByReload_Unlimited()
    {
        using var limiter = Limiter();
        await limiter.AcquireAsync();
        await limiter.AcquireAsync();

        _config.Reload(new() { ["other:PermitsPerSecond"] = "1", ["other:Partition"] = "ip" });
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add(await limiter.AcquireAsync());
        }

        Assert.All(leases, lease => Assert.Same(GcraLease.Unlimited, lease));
        Assert.Equal(2, HttpDecisions()); // only the two decided before the reload
        Assert.True(GcraLease.Unlimited.IsAcquired);
        Assert.Null(GcraLease.Unlimited.Policy);
    }

    [Fact]
    public async Task AcquireAsync_PolicyReloadedWithLargerBurst_NewLimitsApply()
    {
        using var limiter = Limiter();
        await limiter.AcquireAsync();
        await limiter.AcquireAsync();

        _config.Reload(Requests(burst: 4));
        using var third = await limiter.AcquireAsync();

        Assert.True(third.IsAcquired);
        Assert.Equal(4, ((GcraLease)third).Policy!.Limits.Burst);
    }

    [Fact]
    public async Task IdleDuration_SinceLastAsyncAcquire()
    {
        using var limiter = Limiter();
        _time.Advance(TimeSpan.FromSeconds(3));
        var idleAtStart = limiter.IdleDuration;
        limiter.AttemptAcquire();
        var afterAttempt = limiter.IdleDuration;

        await limiter.AcquireAsync();
        var afterAcquire = limiter.IdleDuration;
        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(3), idleAtStart);
        Assert.Equal(TimeSpan.FromSeconds(3), afterAttempt);
        Assert.Equal(TimeSpan.Zero, afterAcquire);
        Assert.Equal(TimeSpan.FromSeconds(7), limiter.IdleDuration);
        Assert.Null(limiter.GetStatistics());
    }

    /// <summary>2/s (one permit each 500 ms) per route value <c>guestId</c>.</summary>
    private static Dictionary<string, string?> Requests(int burst) => new()
    {
        [$"{Policy}:PermitsPerSecond"] = "2",
        [$"{Policy}:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{Policy}:Partition"] = "route:guestId",
    };

    /// <summary>HTTP decisions, of one result (allowed, rejected) or all.</summary>
    private long HttpDecisions(string? result = null) => result is null
        ? _metrics.Sum(FrameGuardHarness.DecisionsMetric, ("transport", "http"))
        : _metrics.Sum(FrameGuardHarness.DecisionsMetric, ("transport", "http"), ("result", result));

    private GcraRateLimiter Limiter() => new(_store, _config.Catalog, Policy, Partition, _time, _metrics.Metrics);
}
