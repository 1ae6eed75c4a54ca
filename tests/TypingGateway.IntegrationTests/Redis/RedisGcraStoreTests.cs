using System.Globalization;
using StackExchange.Redis;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.RateLimiting;
using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>The Redis store as production runs it: server <c>TIME</c>, the key and its TTL, script reloads, round trips.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "RateLimiting")]
public sealed class RedisGcraStoreTests(RedisServerFixture redis)
{
    private const string Prefix = "gcra-redis";
    private const string Policy = "messages";
    private const string RoundTrips = TypingStateInstance.RoundTrips;

    [Fact]
    public async Task AcquireAsync_ServerTime_ExactlyBurstAtOnce()
    {
        await using var instance = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        var limits = new GcraLimits(0.1, 5, TimeSpan.Zero); // one permit per 10 s: nothing refills during the test
        var guest = NewGuest();

        var decisions = new List<GcraDecision>();
        for (var i = 0; i < 8; i++)
        {
            decisions.Add(await instance.Redis.AcquireAsync(Policy, guest, limits, default));
        }

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(r => new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, r)), decisions.Take(5));
        Assert.All(decisions.Skip(5), d => Assert.False(d.Allowed));
        // With server TIME the wait is the 10 s interval less however long the calls took: within it, and never longer
        // for a later call. (Exact figures: RedisScriptClockGcraStoreContractTests, with a clock the test moves.)
        var retryAfters = decisions.Skip(5).Select(d => d.RetryAfter).ToList();
        Assert.All(retryAfters, r => Assert.InRange(r, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(10)));
        Assert.Equal(retryAfters.OrderDescending(), retryAfters);
    }

    [Fact]
    public async Task AcquireAsync_Key_HashTaggedTatWithTtlThatExpires()
    {
        await using var instance = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        using var admin = await ConnectAdminAsync();
        var database = admin.GetDatabase();
        var partition = TypingKey.Create(Policy, "visitor{1}").Id;
        var key = (RedisKey)$"{Prefix}:rl:{{{partition}}}:{Policy}";

        await instance.Redis.AcquireAsync(Policy, partition, new GcraLimits(10, 1, TimeSpan.Zero), default);
        var tat = long.Parse((string)(await database.StringGetAsync(key))!, CultureInfo.InvariantCulture);
        var serverTime = await database.ExecuteAsync("TIME");
        var ttl = await database.KeyTimeToLiveAsync(key);

        var now = (long)((RedisResult[])serverTime!)[0] * 1_000_000;
        Assert.Equal(2, key.ToString().Count(c => c is '{' or '}'));
        Assert.InRange(tat, now - 5_000_000, now + 5_000_000); // µs of server time
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1100)); // 100 ms ahead + 1 s slack
        await Wait.UntilAsync(async () => !await database.KeyExistsAsync(key), TimeSpan.FromSeconds(10), "the rate-limit key expired");
    }

    [Fact]
    public async Task AcquireAsync_Rejected_KeyUnchanged()
    {
        await using var instance = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        using var admin = await ConnectAdminAsync();
        var database = admin.GetDatabase();
        var guest = NewGuest();
        var key = (RedisKey)$"{Prefix}:rl:{{{guest}}}:{Policy}";
        var limits = new GcraLimits(0.1, 1, TimeSpan.Zero);

        await instance.Redis.AcquireAsync(Policy, guest, limits, default);
        var before = await database.StringGetAsync(key);
        var rejected = await instance.Redis.AcquireAsync(Policy, guest, limits, default);

        Assert.False(rejected.Allowed);
        Assert.Equal(before, await database.StringGetAsync(key));
    }

    [Fact]
    public async Task AcquireAsync_AfterScriptFlush_ReloadsScriptAndKeepsState()
    {
        await using var instance = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        var guest = NewGuest();
        var limits = new GcraLimits(0.1, 1, TimeSpan.Zero);
        var first = await instance.Redis.AcquireAsync(Policy, guest, limits, default);
        using var admin = await ConnectAdminAsync();
        await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();

        var second = await instance.Redis.AcquireAsync(Policy, guest, limits, default);

        Assert.Equal([true, false], [first.Allowed, second.Allowed]);
        Assert.Equal(2, instance.Sum(RoundTrips, ("operation", RateLimitRedisScripts.LoadName)));
        Assert.Equal(3, instance.Sum(RoundTrips, ("operation", RateLimitRedisScripts.AcquireName))); // ok, NOSCRIPT, ok
        Assert.Equal(1, instance.Sum(TypingStateInstance.Errors, ("operation", RateLimitRedisScripts.AcquireName)));
    }

    [Fact]
    public async Task AcquireAsync_AfterWarmUp_OneRoundTripPerPermit()
    {
        await using var instance = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        await instance.Redis.WarmUpAsync(TimeSpan.FromSeconds(5), default);
        var limits = new GcraLimits(100, 10, TimeSpan.FromSeconds(1));

        for (var i = 0; i < 20; i++)
        {
            await instance.Redis.AcquireAsync(Policy, NewGuest(), limits, default);
            await instance.Fallback.AcquireAsync(Policy, NewGuest(), limits, default);
        }

        Assert.Equal(1, instance.Sum(RoundTrips, ("operation", RateLimitRedisScripts.LoadName)));
        Assert.Equal(40, instance.Sum(RoundTrips, ("operation", RateLimitRedisScripts.AcquireName)));
        Assert.Equal(41, instance.Sum(RoundTrips));
        Assert.Equal(20, instance.Memory.Count); // the fallback's admitted permits, recorded in memory, at no round trip
    }

    [Fact]
    public async Task AcquireAsync_TwoInstances_ShareOneBudget()
    {
        await using var a = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        await using var b = await GcraStoreInstance.StartAsync(redis.Configuration, Prefix);
        var limits = new GcraLimits(0.1, 3, TimeSpan.Zero);
        var guest = NewGuest();

        var decisions = new List<bool>();
        foreach (var store in new[] { a.Redis, b.Redis, a.Redis, b.Redis })
        {
            decisions.Add((await store.AcquireAsync(Policy, guest, limits, default)).Allowed);
        }

        Assert.Equal([true, true, true, false], decisions);
    }

    [Fact]
    public async Task AcquireAsync_RedisUnreachable_StoreThrowsAndFallbackAnswers()
    {
        await using var instance = await GcraStoreInstance.StartAsync("127.0.0.1:1,connectTimeout=200", Prefix);
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);

        await Assert.ThrowsAnyAsync<Exception>(() => instance.Redis.AcquireAsync(Policy, NewGuest(), limits, default).AsTask());
        Assert.True((await instance.Fallback.AcquireAsync(Policy, NewGuest(), limits, default)).Allowed);
    }

    private static string NewGuest() => Guid.NewGuid().ToString("N");

    private async Task<ConnectionMultiplexer> ConnectAdminAsync()
    {
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
