using System.Security.Cryptography;
using System.Text;
using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class TokenProtectorTests
{
    private const string Secret = "client-secret";
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
    private static readonly Upstream _upstream = TestUpstreams.Genesys();

    [Fact]
    public void Unseal_SealedUnderSameUpstreamAndSecret_OriginalToken()
    {
        var sealedToken = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.Equal(Token, TokenProtector.Unseal(_upstream, Secret, sealedToken));
    }

    [Fact]
    public void Seal_SameTokenTwice_DifferentTextBothUnseal()
    {
        var first = TokenProtector.Seal(_upstream, Secret, Token);
        var second = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.NotEqual(first, second);
        Assert.Equal(Token, TokenProtector.Unseal(_upstream, Secret, second));
    }

    [Fact]
    public void Seal_Token_TextRevealsNeitherTokenNorItsBase64()
    {
        var sealedToken = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.DoesNotContain(Token, sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Token))[..16], sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain("payload", sealedToken, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_AnotherSecret_Null()
    {
        var sealedToken = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.Null(TokenProtector.Unseal(_upstream, "rotated-secret", sealedToken));
    }

    [Fact]
    public void Unseal_AnotherUpstream_Null()
    {
        var sealedToken = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.Null(TokenProtector.Unseal(_upstream with { Name = "cxone" }, Secret, sealedToken));
    }

    [Fact]
    public void Unseal_AnotherClientId_Null()
    {
        var sealedToken = TokenProtector.Seal(_upstream, Secret, Token);

        Assert.Null(TokenProtector.Unseal(_upstream with { ClientId = "other-client" }, Secret, sealedToken));
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(12)] // tag
    [InlineData(28)] // ciphertext
    public void Unseal_OneByteChanged_Null(int index)
    {
        var bytes = Convert.FromBase64String(TokenProtector.Seal(_upstream, Secret, Token));
        bytes[index] ^= 0x01;

        Assert.Null(TokenProtector.Unseal(_upstream, Secret, Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Unseal_Truncated_Null()
    {
        var bytes = Convert.FromBase64String(TokenProtector.Seal(_upstream, Secret, Token));

        Assert.Null(TokenProtector.Unseal(_upstream, Secret, Convert.ToBase64String(bytes[..^1])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // nonce and tag only, 28 bytes
    public void Unseal_NotASealedToken_Null(string text)
    {
        Assert.Null(TokenProtector.Unseal(_upstream, Secret, text));
    }

    [Fact]
    public void Fingerprint_SameToken_Stable24LowercaseHex()
    {
        var fingerprint = TokenProtector.Fingerprint(Token);

        Assert.Equal(fingerprint, TokenProtector.Fingerprint(Token));
        Assert.Matches("^[0-9a-f]{24}$", fingerprint);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Token)))[..24], fingerprint);
        Assert.DoesNotContain(Token, fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_DifferentTokens_Differ()
    {
        Assert.NotEqual(TokenProtector.Fingerprint("token-1"), TokenProtector.Fingerprint("token-2"));
    }
}
