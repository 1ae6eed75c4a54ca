using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Redis;

[Trait("Area", "Redis")]
public sealed class RateLimitRedisKeysTests
{
    [Fact]
    public void State_EveryPolicyOfOnePartition_OneSlot()
    {
        var partition = TypingKey.Create("messages", "guest-{42}").Id;

        string[] policies = ["messages", "typing", "http"];

        var slots = policies.Select(p => RedisHashSlot.Of(RateLimitRedisKeys.State("tg", partition, p).ToString())).Distinct();

        Assert.Single(slots);
    }

    [Theory]
    [InlineData("a{b", "messages")]
    [InlineData("", "messages")]
    [InlineData("guest", "po}licy")]
    public void State_PartWithBraceOrEmpty_Throws(string partition, string policy)
    {
        Assert.Throws<ArgumentException>(() => RateLimitRedisKeys.State("tg", partition, policy));
    }
}
