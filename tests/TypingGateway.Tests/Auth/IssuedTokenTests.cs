using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class IssuedTokenTests
{
    [Fact]
    public void ToString_Token_LifetimeNeverTheValue()
    {
        var issued = new IssuedToken("eyJ-secret-token-value", TimeSpan.FromHours(1));

        var text = issued.ToString();

        Assert.Equal("IssuedToken(lifetime 01:00:00)", text);
        Assert.DoesNotContain("eyJ-secret-token-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpolated_Token_NeverTheValue()
    {
        var issued = new IssuedToken("eyJ-secret-token-value", TimeSpan.FromMinutes(5));

        Assert.Equal("got IssuedToken(lifetime 00:05:00)", $"got {issued}");
    }
}
