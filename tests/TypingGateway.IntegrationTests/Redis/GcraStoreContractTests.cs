using TypingGateway.RateLimiting;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// The <see cref="IGcraStore"/> contract, to the microsecond, run against every store: in memory with a manual
/// clock, and the Redis script with "now" from the same kind of clock. Both must give the same answers.
/// </summary>
public abstract class GcraStoreContractTests
{
    private const string Policy = "messages";

    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(500); // 2 permits per second
    private static readonly TimeSpan _microsecond = TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);
    private static readonly GcraLimits _burstOfThree = new(2, 3, TimeSpan.Zero);
    private static readonly GcraLimits _shaping = new(2, 1, TimeSpan.FromSeconds(3));

    // Redis keeps state between tests: each test limits guests of its own.
    private readonly string _guest = Guid.NewGuid().ToString("N");

    private protected abstract IGcraStore Store { get; }

    protected abstract Task AdvanceAsync(TimeSpan by);

    [Fact]
    public async Task AcquireAsync_FromIdle_BurstAtOnceThenOnePerInterval()
    {
        var burst = await AcquireManyAsync(4, _burstOfThree);
        await AdvanceAsync(_interval);
        var next = await AcquireManyAsync(2, _burstOfThree);

        Assert.Equal([Allowed(2), Allowed(1), Allowed(0), Rejected(_interval)], burst);
        Assert.Equal([Allowed(0), Rejected(_interval)], next);
    }

    [Fact]
    public async Task AcquireAsync_Rejected_RetryAfterExactAndNothingConsumed()
    {
        var limits = new GcraLimits(2, 1, TimeSpan.Zero);
        var first = await AcquireManyAsync(2, limits);

        await AdvanceAsync(_interval - _microsecond);
        var justBefore = await AcquireAsync(limits);
        await AdvanceAsync(_microsecond);
        var atRetryAfter = await AcquireAsync(limits);

        Assert.Equal([Allowed(0), Rejected(_interval)], first);
        Assert.Equal(Rejected(_microsecond), justBefore);
        Assert.Equal(Allowed(0), atRetryAfter);
    }

    [Fact]
    public async Task AcquireAsync_SixAtOnceWhileShaping_DelaysExactAndCumulative()
    {
        var decisions = await AcquireManyAsync(6, _shaping);

        Assert.Equal(new[] { 0, 0.5, 1, 1.5, 2, 2.5 }.Select(s => Delayed(TimeSpan.FromSeconds(s))), decisions);
    }

    [Fact]
    public async Task AcquireAsync_ShapingBeyondMaxDelay_RejectedWithExactRetryAfter()
    {
        await AcquireManyAsync(6, _shaping);

        var atMaxDelay = await AcquireAsync(_shaping);
        var beyond = await AcquireAsync(_shaping);
        await AdvanceAsync(beyond.RetryAfter);
        var afterRetry = await AcquireAsync(_shaping);

        Assert.Equal(Delayed(TimeSpan.FromSeconds(3)), atMaxDelay);
        Assert.Equal(Rejected(_interval), beyond);
        Assert.Equal(atMaxDelay, afterRetry);
    }

    [Fact]
    public async Task AcquireAsync_ReserveOne_AdmittedOnlyWhileAPermitStaysFree()
    {
        // Burst 3 with a reserve of 1 (typing yielding to messages): two reserved calls from idle, then none until the
        // bucket holds two permits again; calls without reserve may still take the last one.
        var reserving = _burstOfThree with { Reserve = 1 };
        var fromIdle = await AcquireManyAsync(3, reserving);
        var unreserved = await AcquireAsync(_burstOfThree);
        await AdvanceAsync(_interval);
        var oneBack = await AcquireAsync(reserving);
        await AdvanceAsync(_interval);
        var twoBack = await AcquireAsync(reserving);

        Assert.Equal([Allowed(1), Allowed(0), Rejected(_interval)], fromIdle);
        Assert.Equal(Allowed(0), unreserved);
        Assert.Equal(Rejected(_interval), oneBack);
        Assert.Equal(Allowed(0), twoBack);
    }

    [Fact]
    public async Task AcquireAsync_ReserveOfTheWholeBurst_NothingAdmittedEvenFromIdle()
    {
        var decision = await AcquireAsync(new GcraLimits(2, 1, TimeSpan.Zero, Reserve: 1));

        Assert.Equal(Rejected(_interval), decision);
        Assert.Equal(Allowed(0), await AcquireAsync(new GcraLimits(2, 1, TimeSpan.Zero)));
    }

    [Fact]
    public async Task AcquireAsync_BusyFor_TatAtLeastNowPlusBusyFor()
    {
        // What an instance spent during an outage: the bucket (burst 3) is known drained for 2 intervals from now.
        var busy = _burstOfThree with { BusyFor = 2 * _interval };
        var decisions = await AcquireManyAsync(2, busy);
        var unknownToTheCaller = await AcquireAsync(_burstOfThree);

        Assert.Equal([Allowed(0), Rejected(_interval)], decisions);
        Assert.Equal(Rejected(_interval), unknownToTheCaller); // the store remembers the permit taken past the busy time
    }

    [Fact]
    public async Task AcquireAsync_OtherPartitionOrPolicy_Independent()
    {
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);
        await AcquireAsync(limits);

        var otherGuest = await Store.AcquireAsync(Policy, _guest + "-other", limits, default);
        var otherPolicy = await Store.AcquireAsync("uploads", _guest, limits, default);
        var same = await AcquireAsync(limits);

        Assert.Equal([Allowed(0), Allowed(0), Rejected(TimeSpan.FromSeconds(1))], [otherGuest, otherPolicy, same]);
    }

    [Fact]
    public async Task AcquireAsync_TenSecondsAtThreeTimesTheRate_BurstPlusTenTimesTheRate()
    {
        var limits = new GcraLimits(5, 4, TimeSpan.Zero);
        var step = TimeSpan.FromSeconds(1) / 15;

        var allowed = 0;
        for (var i = 0; i < 150; i++)
        {
            allowed += (await AcquireAsync(limits)).Allowed ? 1 : 0;
            await AdvanceAsync(step);
        }

        Assert.InRange(allowed, 4 + 50 - 1, 4 + 50 + 1);
    }

    [Fact]
    public async Task AcquireAsync_IdleLongEnough_FullBurstAgain()
    {
        await AcquireManyAsync(4, _burstOfThree);

        await AdvanceAsync(_interval * 3);
        var again = await AcquireManyAsync(4, _burstOfThree);

        Assert.Equal([Allowed(2), Allowed(1), Allowed(0), Rejected(_interval)], again);
    }

    [Fact]
    public async Task AcquireAsync_Lease_TakesUpToTheLeaseOfWhatIsFreeThenRefuses()
    {
        var lease = new GcraLimits(2, 5, TimeSpan.Zero, Lease: 3);

        var decisions = await AcquireManyAsync(3, lease);
        await AdvanceAsync(_interval);
        var refilled = await AcquireAsync(lease);

        // 5 free: 3 taken, then the 2 left, then nothing until one interval later (one permit, leased alone).
        Assert.Equal([Leased(3, remaining: 2), Leased(2, remaining: 0), Rejected(_interval)], decisions);
        Assert.Equal(Leased(1, remaining: 0), refilled);
    }

    [Fact]
    public async Task AcquireAsync_LeaseWhileShaping_OneDelayedPermitAsWithoutLease()
    {
        var decisions = await AcquireManyAsync(3, _shaping with { Lease = 4 });

        Assert.Equal(new[] { 0, 0.5, 1 }.Select(s => Delayed(TimeSpan.FromSeconds(s))), decisions);
    }

    private static GcraDecision Leased(int granted, int remaining) => new(true, TimeSpan.Zero, TimeSpan.Zero, remaining, granted);

    private static GcraDecision Allowed(int remaining) => new(true, TimeSpan.Zero, TimeSpan.Zero, remaining);

    private static GcraDecision Delayed(TimeSpan delay) => new(true, delay, TimeSpan.Zero, 0);

    private static GcraDecision Rejected(TimeSpan retryAfter) => new(false, TimeSpan.Zero, retryAfter, 0, 0);

    private ValueTask<GcraDecision> AcquireAsync(GcraLimits limits) => Store.AcquireAsync(Policy, _guest, limits, default);

    private async Task<GcraDecision[]> AcquireManyAsync(int count, GcraLimits limits)
    {
        var decisions = new GcraDecision[count];
        for (var i = 0; i < count; i++)
        {
            decisions[i] = await AcquireAsync(limits);
        }

        return decisions;
    }
}
