using TypingGateway.Redis;

namespace TypingGateway.Tests.Redis;

[Trait("Area", "Redis")]
public sealed class RedisHashSlotTests
{
    // What CLUSTER KEYSLOT answers on redis-server 7.0.15, including the hash-tag edge cases of the specification.
    [Theory]
    [InlineData("foo", 12182)]
    [InlineData("somekey", 11058)]
    [InlineData("123456789", 12739)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("foo{bar}{zap}", 5061)]
    [InlineData("{}", 15257)]
    [InlineData("é{ü}", 9552)]
    [InlineData("typinggateway:typing:{genesys-webmessaging:abc}", 11979)]
    public void Of_KeysOfTheSpecification_SlotsRedisComputes(string key, int slot)
    {
        Assert.Equal(slot, RedisHashSlot.Of(key));
    }

    [Fact]
    public void Tag_EverySlot_ATagThatLandsInIt()
    {
        for (var slot = 0; slot < RedisHashSlot.Count; slot++)
        {
            var tag = RedisHashSlot.Tag(slot);
            Assert.Equal(slot, RedisHashSlot.Of($"anything:{{{tag}}}:else"));
            Assert.True(tag.Length <= 6, $"tag {tag} of slot {slot}");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(RedisHashSlot.Count)]
    public void Tag_OutsideTheSlots_Throws(int slot)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RedisHashSlot.Tag(slot));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a{b")]
    [InlineData("a}b")]
    [InlineData("{}")]
    public void ThrowIfNotTagSafe_EmptyOrBrace_Throws(string part)
    {
        Assert.Throws<ArgumentException>(() => RedisHashSlot.ThrowIfNotTagSafe(part));
    }

    [Fact]
    public void ThrowIfNotTagSafe_PlainPart_ReturnedAsItIs()
    {
        Assert.Equal("guest-1:x@y", RedisHashSlot.ThrowIfNotTagSafe("guest-1:x@y"));
    }
}
