using TypingGateway.Redis;

namespace TypingGateway.Tests.Redis;

[Trait("Area", "Redis")]
public sealed class TokenRedisKeysTests
{
    [Fact]
    public void All_TokenAndCompanions_OneSlot()
    {
        var keys = TokenRedisKeys.All("tg", "genesys");

        Assert.Equal(4, keys.Length);
        Assert.Single(keys.Select(k => RedisHashSlot.Of(k.ToString())).Distinct());
    }

    [Fact]
    public void All_UpstreamWithBrace_Throws()
    {
        Assert.Throws<ArgumentException>(() => TokenRedisKeys.All("tg", "gene}sys"));
    }
}
