using Microsoft.Extensions.Time.Testing;
using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// Leased permits on N instances over one shared store (the in-memory store runs the Redis script's arithmetic):
/// exact admissions against the bound burst + rate × interval + N × (k − 1).
/// </summary>
[Trait("Area", "RateLimiting")]
public sealed class GcraPermitLeasesTests : IDisposable
{
    private const string Policy = "webchat-requests";
    private const string Guest = "guest-1";
    private const int Instances = 3;
    private const int Lease = 4;

    // 10/s (an interval of 100 ms), burst 20, leased 4 at a time.
    private static readonly GcraLimits _limits = new(10, 20, TimeSpan.Zero, Lease: Lease);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _sharedState;
    private readonly CountingStore _shared;
    private readonly GcraPermitLeases[] _instances;

    public GcraPermitLeasesTests()
    {
        _sharedState = new InMemoryGcraStore(_time);
        _shared = new CountingStore(_sharedState);
        _instances = [.. Enumerable.Range(0, Instances).Select(_ => new GcraPermitLeases(_shared, _time))];
    }

    public void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _sharedState.Dispose();
    }

    [Fact]
    public async Task AcquireAsync_FloodFromIdleOnThreeInstances_AdmitsExactlyTheBurst()
    {
        var admitted = await FloodAsync(300);

        // Leases of 4, 4, 4, 4, 4 (20 free) and then refusals: from idle leasing never admits beyond the burst.
        Assert.Equal(20, admitted);
        Assert.All(_instances, i => Assert.Equal(1, i.Count));
    }

    [Fact]
    public async Task AcquireAsync_LeftoversSpentAfterTheBucketRefilled_ExactlyBurstPlusInstancesTimesLeaseLessOne()
    {
        // Each instance leases 4 and spends 1: 12 debited, 3 unspent per instance.
        foreach (var instance in _instances)
        {
            Assert.True((await instance.AcquireAsync(Policy, Guest, _limits, default)).Allowed);
        }

        // 2 s later the shared budget is full again (its 12 debits refilled at 10/s), the leftovers are still here.
        _time.Advance(TimeSpan.FromSeconds(2));
        var admitted = await FloodAsync(300);

        // The worst case of the bound, exactly: burst 20 + 3 × (4 − 1) at one instant.
        Assert.Equal(20 + (Instances * (Lease - 1)), admitted);
    }

    [Fact]
    public async Task AcquireAsync_SaturatedForTenSeconds_AdmitsThePolicyExactly_RefusalsHeldLocally()
    {
        // 3 requests every 10 ms, one per instance (30× the rate), from t = 0 to t = 10 s inclusive.
        var admitted = 0;
        for (var tick = 0; tick <= 1000; tick++)
        {
            foreach (var instance in _instances)
            {
                admitted += (await instance.AcquireAsync(Policy, Guest, _limits, default)).Allowed ? 1 : 0;
            }

            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Burst 20 + 10 s × 10/s = 120 permits were debited; at the limit leases shrink to 1, so none is left unspent.
        Assert.Equal(120, admitted);

        // A refusal holds until its retry time (only time frees a permit), so the 2,883 refused requests did not each
        // cost a store call: at most one per instance and 100 ms interval (101 of them), plus one per permit leased.
        Assert.InRange(_shared.Calls, 1, (Instances * 101) + 120);
    }

    [Fact]
    public async Task AcquireAsync_ModerateRateOnThreeInstances_OneStoreCallPerLease()
    {
        // 9 requests per second round-robin (3/s per instance), under the policy's 10/s.
        var admitted = 0;
        for (var tick = 0; tick < 120; tick++)
        {
            admitted += (await _instances[tick % Instances].AcquireAsync(Policy, Guest, _limits, default)).Allowed ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(1000.0 / 9));
        }

        Assert.Equal(120, admitted);
        Assert.Equal(120 / Lease, _shared.Calls); // 40 requests per instance, one lease of 4 per 4 requests
    }

    [Fact]
    public async Task AcquireAsync_ConcurrentRequestsWhileLeasing_OneStoreCall()
    {
        var gate = new GatedStore(_sharedState);
        using var leases = new GcraPermitLeases(gate, _time);

        var pending = Enumerable.Range(0, Lease).Select(_ => leases.AcquireAsync(Policy, Guest, _limits, default).AsTask()).ToList();
        await Task.Delay(50); // let them all reach the lease in flight (real time: the store is gated)
        Assert.Equal(1, gate.Calls);
        gate.Open();
        var decisions = await Task.WhenAll(pending);

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(1, gate.Calls); // the lease of 4 served all four
        Assert.True((await leases.AcquireAsync(Policy, Guest, _limits, default)).Allowed);
        Assert.Equal(2, gate.Calls);
    }

    [Fact]
    public async Task AcquireAsync_RefusedWhileOthersWait_AllRefusedByOneStoreCall()
    {
        var gate = new GatedStore(_sharedState);
        using var leases = new GcraPermitLeases(gate, _time);
        Assert.True((await _sharedState.AcquireAsync(Policy, Guest, _limits with { Lease = 20 }, default)).Allowed); // another instance drains the budget

        var calls = gate.Calls;
        var pending = Enumerable.Range(0, 3).Select(_ => leases.AcquireAsync(Policy, Guest, _limits, default).AsTask()).ToList();
        await Task.Delay(50);
        gate.Open();
        var decisions = await Task.WhenAll(pending);

        Assert.All(decisions, d => Assert.False(d.Allowed));
        Assert.All(decisions, d => Assert.Equal(TimeSpan.FromMilliseconds(100), d.RetryAfter));
        Assert.Equal(calls + 1, gate.Calls);
    }

    [Fact]
    public async Task AcquireAsync_Refused_HeldUntilItsRetryTimeThenAskedAgain()
    {
        var instance = _instances[0];
        await _sharedState.AcquireAsync(Policy, Guest, _limits with { Lease = 20 }, default); // another instance drains the budget

        Assert.False((await instance.AcquireAsync(Policy, Guest, _limits, default)).Allowed);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        var held = await instance.AcquireAsync(Policy, Guest, _limits, default);
        Assert.Equal(1, _shared.Calls);
        Assert.False(held.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(40), held.RetryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(40));
        var after = await instance.AcquireAsync(Policy, Guest, _limits, default);

        Assert.True(after.Allowed); // one permit refilled: leased alone
        Assert.Equal(2, _shared.Calls);
        Assert.False((await instance.AcquireAsync(Policy, Guest, _limits, default)).Allowed);
    }

    [Fact]
    public async Task AcquireAsync_AfterLeaseLifetime_UnspentPermitsDropped()
    {
        var instance = _instances[0];
        await instance.AcquireAsync(Policy, Guest, _limits, default);
        await instance.AcquireAsync(Policy, Guest, _limits, default);
        Assert.Equal(1, _shared.Calls);

        _time.Advance(RateLimitDefaults.LeaseLifetime);
        await instance.AcquireAsync(Policy, Guest, _limits, default);

        Assert.Equal(2, _shared.Calls);
    }

    [Fact]
    public async Task AcquireAsync_LimitsChanged_UnspentPermitsOfTheOldLimitsDropped()
    {
        var instance = _instances[0];
        await instance.AcquireAsync(Policy, Guest, _limits, default);

        await instance.AcquireAsync(Policy, Guest, _limits with { PermitsPerSecond = 5 }, default);

        Assert.Equal(2, _shared.Calls);
    }

    [Fact]
    public async Task AcquireAsync_LeaseOfOne_EveryPermitFromTheStore()
    {
        for (var i = 0; i < 5; i++)
        {
            await _instances[0].AcquireAsync(Policy, Guest, _limits with { Lease = 1 }, default);
        }

        Assert.Equal(5, _shared.Calls);
        Assert.Equal(0, _instances[0].Count);
    }

    [Fact]
    public async Task Sweep_SpentOrExpiredEntries_Removed()
    {
        var instance = _instances[0];
        await instance.AcquireAsync(Policy, Guest, _limits, default);
        instance.Sweep();
        Assert.Equal(1, instance.Count); // 3 unspent

        _time.Advance(RateLimitDefaults.LeaseLifetime);
        instance.Sweep();

        Assert.Equal(0, instance.Count);
    }

    private async Task<int> FloodAsync(int requests)
    {
        var admitted = 0;
        for (var i = 0; i < requests; i++)
        {
            admitted += (await _instances[i % Instances].AcquireAsync(Policy, Guest, _limits, default)).Allowed ? 1 : 0;
        }

        return admitted;
    }

    /// <summary>The shared store with its calls counted (each one is a Redis round trip in production).</summary>
    private sealed class CountingStore(IGcraStore inner) : IGcraStore
    {
        public int Calls { get; private set; }

        public ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.AcquireAsync(policy, partition, limits, cancellationToken);
        }
    }

    /// <summary>A store whose answers wait until opened, so requests can arrive while a lease is in flight.</summary>
    private sealed class GatedStore(IGcraStore inner) : IGcraStore
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Open() => _open.TrySetResult();

        public async ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await _open.Task;
            return await inner.AcquireAsync(policy, partition, limits, cancellationToken);
        }
    }
}
