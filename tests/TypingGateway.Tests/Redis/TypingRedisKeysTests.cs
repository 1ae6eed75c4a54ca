using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Redis;

[Trait("Area", "Redis")]
public sealed class TypingRedisKeysTests
{
    private const string Prefix = "typinggateway";

    public static TheoryData<string, string> GuestIds => new()
    {
        { "genesys-webmessaging", "0b7f6a9e-3c1d-4d2e-9f00-123456789abc" },
        { "cxone-chat", "v-{evil}" },          // braces: hashed, so the tag cannot move
        { "cxone-chat", "}{" },
        { "cxone-chat", new string('x', 200) }, // too long: hashed
        { "cxone-chat", "gäst mit leerzeichen" },
        { "profile with spaces", "g1" },       // an invalid profile name is hashed too
    };

    [Theory]
    [MemberData(nameof(GuestIds))]
    public void Slot_AnyGuestId_StateTabsAndShardChannelInOneSlot(string profile, string id)
    {
        var key = TypingKey.Create(profile, id);

        var slot = TypingRedisKeys.Slot(key);

        Assert.Equal(slot, RedisHashSlot.Of(TypingRedisKeys.State(Prefix, key).ToString()));
        Assert.Equal(slot, RedisHashSlot.Of(TypingRedisKeys.Tabs(Prefix, key).ToString()));
        var channel = TypingRedisKeys.ShardInvalidationChannel(Prefix, slot);
        Assert.True(channel.IsSharded);
        Assert.Equal(slot, RedisHashSlot.Of(channel.ToString()));
    }

    [Fact]
    public void Slot_LongestPlainKey_AllocatesNothing()
    {
        var key = TypingKey.Create("genesys-webmessaging", new string('g', TypingKey.MaxPlainIdLength));
        var expected = RedisHashSlot.Of(TypingRedisKeys.State(Prefix, key).ToString());
        _ = TypingRedisKeys.Slot(key); // warm

        var before = GC.GetAllocatedBytesForCurrentThread();
        var slot = TypingRedisKeys.Slot(key);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, slot);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void InvalidationChannel_OneRedis_OrdinaryLiteralChannel()
    {
        var channel = TypingRedisKeys.InvalidationChannel(Prefix);

        Assert.Equal("typinggateway:typing:invalidate", channel.ToString());
        Assert.False(channel.IsSharded);
        Assert.False(channel.IsPattern);
    }
}
