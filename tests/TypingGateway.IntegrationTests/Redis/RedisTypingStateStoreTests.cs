using StackExchange.Redis;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

[Collection(RedisCollection.Name)]
[Trait("Area", "Typing")]
public sealed class RedisTypingStateStoreTests(RedisServerFixture redis)
{
    private const string Prefix = "redis-store";

    private static readonly TypingTimings _genesys = new(TimeSpan.FromSeconds(5), null);
    private static readonly TypingTimings _cxone = new(Timeout.InfiniteTimeSpan, TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task StartAsync_AfterScriptFlush_ReloadsScriptAndKeepsState()
    {
        await using var instance = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        var key = NewKey();
        var first = await instance.Redis.StartAsync(key, _genesys, default);
        using var admin = await ConnectAdminAsync();
        await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();

        var second = await instance.Redis.StartAsync(key, _genesys, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress], [first, second]);
        Assert.Equal(2, instance.Sum(TypingStateInstance.RoundTrips, ("operation", TypingRedisScripts.LoadName)));
        Assert.Equal(3, instance.Sum(TypingStateInstance.RoundTrips, ("operation", TypingRedisScripts.StartName))); // ok, NOSCRIPT, ok
        Assert.Equal(1, instance.Sum(TypingStateInstance.Errors, ("operation", TypingRedisScripts.StartName)));
    }

    [Fact]
    public async Task Transitions_EveryWrite_StateHashUnderHashTaggedKeyWithTtl()
    {
        await using var instance = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        using var admin = await ConnectAdminAsync();
        var database = admin.GetDatabase();
        var key = TypingKey.Create("cxone-chat", "brand", "chan", "visitor{1}");
        var redisKey = (RedisKey)$"{Prefix}:typing:{{{key.Profile}:{key.Id}}}";
        var ttl = _cxone.StateTtl;

        await instance.Redis.StartAsync(key, _cxone, default);
        var afterStart = await database.KeyTimeToLiveAsync(redisKey);
        var fields = (await database.HashGetAllAsync(redisKey)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        await instance.Redis.StopAsync(key, _cxone, default);
        var afterStop = await database.KeyTimeToLiveAsync(redisKey);
        await instance.Redis.StartAsync(key, _cxone, default);
        await instance.Redis.MessageAsync(key, _cxone, default);
        var afterMessage = await database.KeyTimeToLiveAsync(redisKey);
        await instance.Redis.StartAsync(key, _cxone, default);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var idle = await instance.Redis.CheckIdleAsync(key, _cxone, default);
        var afterIdle = await database.KeyTimeToLiveAsync(redisKey);

        Assert.Matches("^sha256:[0-9a-f]{64}$", key.Id);
        Assert.Equal(2, redisKey.ToString().Count(c => c is '{' or '}'));
        Assert.Equal(["a", "f", "s"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1", fields["s"]);
        Assert.Equal(fields["f"], fields["a"]);
        Assert.True(idle.Synthesize);
        foreach (var remaining in new[] { afterStart, afterStop, afterMessage, afterIdle })
        {
            Assert.NotNull(remaining);
            Assert.InRange(remaining.Value, ttl - TimeSpan.FromSeconds(5), ttl);
        }
    }

    [Fact]
    public async Task Stores_TwoInstances_ShareOneState()
    {
        await using var a = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        await using var b = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        var key = NewKey();

        var aStart = await a.Redis.StartAsync(key, _genesys, default);
        var bStart = await b.Redis.StartAsync(key, _genesys, default);
        await b.Redis.MessageAsync(key, _genesys, default);
        var aAfterMessage = await a.Redis.StartAsync(key, _genesys, default);
        var bStop = await b.Redis.StopAsync(key, _genesys, default);
        var aStop = await a.Redis.StopAsync(key, _genesys, default);

        Assert.Equal(
            [TypingDecision.Forward, TypingDecision.Suppress, TypingDecision.Forward, TypingDecision.Forward, TypingDecision.Suppress],
            [aStart, bStart, aAfterMessage, bStop, aStop]);
    }

    [Fact]
    public async Task CheckIdleAsync_ThreeInstancesRacing_ExactlyOneWinnerPerBurst()
    {
        await using var a = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        await using var b = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        await using var c = await TypingStateInstance.StartAsync(redis.Configuration, Prefix);
        var stores = new[] { a.Redis, b.Redis, c.Redis };
        var winners = new List<int>();

        for (var burst = 0; burst < 5; burst++)
        {
            var key = NewKey();
            await stores[burst % 3].StartAsync(key, _cxone, default);
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            var results = await Task.WhenAll(
                Enumerable.Range(0, 30).Select(i => Task.Run(() => stores[i % 3].CheckIdleAsync(key, _cxone, default).AsTask())));
            winners.Add(results.Count(r => r.Synthesize));
        }

        Assert.Equal([1, 1, 1, 1, 1], winners);
    }

    [Fact]
    public async Task StartAsync_RedisUnreachable_StoreThrowsAndFallbackAnswers()
    {
        await using var instance = await TypingStateInstance.StartAsync("127.0.0.1:1,connectTimeout=200", Prefix);

        await Assert.ThrowsAnyAsync<Exception>(() => instance.Redis.StartAsync(NewKey(), _genesys, default).AsTask());
        Assert.Equal(TypingDecision.Forward, await instance.Store.StartAsync(NewKey(), _genesys, default)); // the fallback answers
    }

    private static TypingKey NewKey() => TypingKey.Create("redis-store", Guid.NewGuid().ToString("N"));

    private async Task<ConnectionMultiplexer> ConnectAdminAsync()
    {
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
