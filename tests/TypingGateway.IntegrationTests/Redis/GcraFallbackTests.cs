using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.RateLimiting;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>Redis killed under the fallback GCRA store: each instance enforces its share in memory, then shared limits resume.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "RateLimiting")]
public sealed class GcraFallbackTests(RedisServerFixture redis)
{
    private const string Prefix = "gcra-fallback";
    private const string Policy = "messages";
    private const string Fallbacks = TypingStateInstance.Fallbacks;
    private const int PerInstanceEvent = 1601;
    private const int SharedEvent = 1602;

    private static readonly TimeSpan _operationTimeout = TimeSpan.FromMilliseconds(200);

    // Burst 4 shared by two instances; one permit per 10 s, so nothing refills during the test.
    private static readonly GcraLimits _limits = new(0.1, 4, TimeSpan.Zero);

    [Fact]
    public async Task Fallback_RedisKilledThenRestarted_DividedBudgetPerInstanceThenSharedAgain()
    {
        await using var a = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix, instanceCount: 2, operationTimeout: _operationTimeout);
        await using var b = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix, instanceCount: 2, operationTimeout: _operationTimeout);
        var before = await AcquireAlternatingAsync(a, b, NewGuest(), 5);
        Assert.Equal([true, true, true, true, false], before);

        var guest = NewGuest();
        await redis.StopAsync();
        try
        {
            var onA = await AcquireAlternatingAsync(a, a, guest, 3);
            var onB = await AcquireAlternatingAsync(b, b, guest, 3);

            // Each instance enforces half the budget on its own: burst 2, one permit per 20 s.
            Assert.Equal([true, true, false], onA);
            Assert.Equal([true, true, false], onB);
            Assert.True(a.Fallback.IsInOutage);
            Assert.Equal(3, a.Sum(Fallbacks, ("feature", FallbackGcraStore.FallbackFeature)));
            // This guest's partition on each instance, and the first guest's permits each recorded while Redis admitted them.
            Assert.Equal(4, a.Memory.Count + b.Memory.Count);
        }
        finally
        {
            await redis.RestartAsync();
        }

        await WaitUntilSharedAsync(a);
        await WaitUntilSharedAsync(b);
        var after = await AcquireAlternatingAsync(a, b, NewGuest(), 5);

        Assert.Equal([true, true, true, true, false], after);
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == PerInstanceEvent));
        Assert.Equal(1, a.Logs.GetSnapshot().Count(e => e.Id.Id == SharedEvent));
    }

    private static async Task<bool[]> AcquireAlternatingAsync(GcraStoreInstance first, GcraStoreInstance second, string guest, int count)
    {
        var decisions = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var store = i % 2 == 0 ? first : second;
            decisions[i] = (await store.Fallback.AcquireAsync(Policy, guest, _limits, default)).Allowed;
        }

        return decisions;
    }

    /// <summary>Keeps calling (each call tries Redis first) until the instance's limits are shared again.</summary>
    private static Task WaitUntilSharedAsync(GcraStoreInstance instance) =>
        Wait.UntilAsync(
            async () =>
            {
                await instance.Fallback.AcquireAsync(Policy, NewGuest(), _limits, default);
                return !instance.Fallback.IsInOutage;
            },
            TimeSpan.FromSeconds(20),
            "the rate limits are shared in Redis again");

    private static string NewGuest() => Guid.NewGuid().ToString("N");
}
