using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>Redis killed or frozen under the composed store: per-instance answers within the timeout, then automatic recovery.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Typing")]
public sealed class TypingStateFallbackTests(RedisServerFixture redis)
{
    private const string Prefix = "fallback";
    private const int UnreachableEvent = 1201;
    private const int BackEvent = 1202;

    private static readonly TimeSpan _operationTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan _callBound = TimeSpan.FromSeconds(1); // the timeout plus generous scheduling slack
    private static readonly TypingTimings _genesys = new(TimeSpan.FromSeconds(5), null);
    private static readonly TypingTimings _cxone = new(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Store_RedisKilledThenRestarted_FallsBackPerInstanceThenSharesStateAgain()
    {
        await using var a = await TypingStateInstance.StartAsync(redis.Configuration, Prefix, _operationTimeout);
        await using var b = await TypingStateInstance.StartAsync(redis.Configuration, Prefix, _operationTimeout);
        Assert.Equal(TypingDecision.Forward, await a.Store.StartAsync(NewKey(), _genesys, default));

        var duringOutage = NewKey();
        var fallbacksBefore = a.Sum(TypingStateInstance.Fallbacks, ("feature", TypingStateDefaults.FallbackFeature));
        await redis.StopAsync();
        try
        {
            var aFirst = await TimedAsync(() => a.Store.StartAsync(duringOutage, _cxone, default));
            var aSecond = await TimedAsync(() => a.Store.StartAsync(duringOutage, _cxone, default));
            var bFirst = await TimedAsync(() => b.Store.StartAsync(duringOutage, _cxone, default));

            // Collapsing is per instance while Redis is down: each instance forwards its own first start.
            Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress, TypingDecision.Forward], [aFirst, aSecond, bFirst]);
            Assert.True(a.Fallback.IsInOutage);
            Assert.Equal(2, a.Sum(TypingStateInstance.Fallbacks, ("feature", TypingStateDefaults.FallbackFeature)) - fallbacksBefore);
        }
        finally
        {
            await redis.RestartAsync();
        }

        await WaitUntilSharedAsync(a);
        await WaitUntilSharedAsync(b);
        var shared = NewKey();
        var aAfter = await a.Store.StartAsync(shared, _genesys, default);
        var bAfter = await b.Store.StartAsync(shared, _genesys, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress], [aAfter, bAfter]);
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == UnreachableEvent));
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == BackEvent));
    }

    [Fact]
    public async Task Store_RedisFrozen_EveryCallAnsweredWithinTimeoutThenRecovers()
    {
        await using var a = await TypingStateInstance.StartAsync(redis.Configuration, Prefix, _operationTimeout);
        var key = NewKey();
        Assert.Equal(TypingDecision.Forward, await a.Store.StartAsync(key, _cxone, default));

        await redis.PauseAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await TimedAsync(() => a.Store.StartAsync(key, _cxone, default));
                await TimedAsync(async () =>
                {
                    await a.Store.MessageAsync(key, _cxone, default);
                    return TypingDecision.Forward;
                });
                await Task.Delay(TimeSpan.FromMilliseconds(300)); // background probes hit the frozen server meanwhile
            }

            Assert.True(a.Fallback.IsInOutage);
            // Only the first call waited for the frozen server; the outage policy failed every later one fast.
            var errors = a.Sum(TypingStateInstance.Errors);
            Assert.True(errors == 1, $"{errors} Redis errors counted; {a.Sum(TypingStateInstance.RoundTrips)} round trips in all; log: {string.Join(" | ", a.Logs.GetSnapshot().Select(e => $"{e.Id.Id} {e.Message}"))}");
        }
        finally
        {
            await redis.ResumeAsync();
        }

        await WaitUntilSharedAsync(a);
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == UnreachableEvent));
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == BackEvent));
    }

    private static async Task<TypingDecision> TimedAsync(Func<ValueTask<TypingDecision>> call)
    {
        var watch = Stopwatch.StartNew();
        var decision = await call();
        Assert.True(watch.Elapsed < _callBound, $"A typing state call took {watch.Elapsed.TotalMilliseconds:0} ms with Redis down.");
        return decision;
    }

    /// <summary>Keeps calling (each call after the back-off probes Redis) until the instance uses Redis again.</summary>
    private static Task WaitUntilSharedAsync(TypingStateInstance instance) =>
        Wait.UntilAsync(
            async () =>
            {
                await instance.Store.MessageAsync(NewKey(), _genesys, default);
                return !instance.Fallback.IsInOutage;
            },
            TimeSpan.FromSeconds(20),
            "the typing state is shared in Redis again");

    private static TypingKey NewKey() => TypingKey.Create("fallback", Guid.NewGuid().ToString("N"));
}
