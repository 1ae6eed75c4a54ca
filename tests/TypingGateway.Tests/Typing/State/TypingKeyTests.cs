using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class TypingKeyTests
{
    private const string Profile = "genesys-webmessaging";

    [Theory]
    [InlineData("abc")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("guest.42@example.com")]
    [InlineData("a:b")]
    [InlineData("A_b-C.d")]
    public void Create_ValidId_KeptAsItIs(string id)
    {
        var key = TypingKey.Create(Profile, id);

        Assert.Equal(Profile, key.Profile);
        Assert.Equal(id, key.Id);
        Assert.Equal($"{Profile}:{id}", key.ToString());
    }

    [Fact]
    public void Create_IdOf128Chars_KeptAsItIs()
    {
        var id = new string('x', 128);

        Assert.Equal(id, TypingKey.Create(Profile, id).Id);
    }

    // Expected hashes: SHA-256 over each part's UTF-8 bytes preceded by its 4-byte big-endian length, computed
    // independently, e.g. printf '\x00\x00\x00\x03a}b' | sha256sum.
    [Theory]
    [InlineData("a}b", "sha256:e9fd71d31e2a3288383ddf21cec5771f9eb51c2a27e4e70c5a2e65de3a69d607")]
    [InlineData("a b", "sha256:767bc6122cb9fd60d9360426d2d2bc55ec1b5c5f3e8100b78824314e29bb770b")]
    [InlineData("é", "sha256:d1e9fa6240157ad2f9401c2bd40da3305678208a1985ff66beae448907f52b8f")]
    public void Create_UnsafeId_HashedToKnownValue(string id, string expected)
    {
        Assert.Equal(expected, TypingKey.Create(Profile, id).Id);
    }

    [Theory]
    [InlineData("a}b")]
    [InlineData("{evil}")]
    [InlineData("x}:{y")]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("nul\0")]
    [InlineData("ümlaut")]
    [InlineData("日本語")]
    [InlineData("emoji😀")]
    [InlineData("a*b?c[d]")]
    [InlineData("slash/back\\slash")]
    public void Create_InjectionOrUnicode_HashedAndSafe(string id)
    {
        var key = TypingKey.Create(Profile, id);

        Assert.Matches("^sha256:[0-9a-f]{64}$", key.Id);
    }

    [Fact]
    public void Create_IdOf1000Chars_HashedToBoundedLength()
    {
        var key = TypingKey.Create(Profile, new string('x', 1000));

        Assert.Matches("^sha256:[0-9a-f]{64}$", key.Id);
        Assert.Equal(71, key.Id.Length);
    }

    [Fact]
    public void Create_IdOf129Chars_Hashed()
    {
        Assert.StartsWith("sha256:", TypingKey.Create(Profile, new string('x', 129)).Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_IdThatLooksHashed_HashedAgain()
    {
        var hashed = TypingKey.Create(Profile, "a}b").Id;

        var key = TypingKey.Create(Profile, hashed);

        Assert.NotEqual(hashed, key.Id);
        Assert.Matches("^sha256:[0-9a-f]{64}$", key.Id);
    }

    [Fact]
    public void Create_SameIdTwice_SameKey()
    {
        Assert.Equal(TypingKey.Create(Profile, "é x"), TypingKey.Create(Profile, "é x"));
    }

    [Fact]
    public void Create_SeveralValidParts_JoinedWithColon()
    {
        Assert.Equal("dep-1:tok-2:v3", TypingKey.Create(Profile, "dep-1", "tok-2", "v3").Id);
    }

    [Fact]
    public void Create_PartsThatWouldCollideWhenJoined_HashedToDifferentKeys()
    {
        var left = TypingKey.Create(Profile, "a:b", "c");
        var right = TypingKey.Create(Profile, "a", "b:c");

        Assert.Equal("sha256:540e8f1c5ae653a7d7e2fe88f7eb8dcabea924d661b1542ad191bb1848e0c33d", left.Id);
        Assert.Matches("^sha256:[0-9a-f]{64}$", right.Id);
        Assert.NotEqual(left, right);
    }

    [Fact]
    public void Create_PartsLongerThan128Together_Hashed()
    {
        Assert.StartsWith("sha256:", TypingKey.Create(Profile, new string('a', 64), new string('b', 64)).Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DifferentProfiles_DifferentKeys()
    {
        Assert.NotEqual(TypingKey.Create("cxone-chat", "g1"), TypingKey.Create(Profile, "g1"));
    }

    [Fact]
    public void Create_InvalidProfileName_HashedWithoutColon()
    {
        var key = TypingKey.Create("Bad Profile", "g1");

        Assert.Equal("sha256-aa56a353fc96a44f43f8f310fb259301752e2eaf44dca675e30d682c2d4bd0b8", key.Profile);
        Assert.Equal("g1", key.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Create_EmptyOrNullPart_Throws(string? part)
    {
        Assert.Throws<ArgumentException>(() => TypingKey.Create(Profile, "ok", part));
    }

    [Fact]
    public void Create_NoParts_Throws()
    {
        Assert.Throws<ArgumentException>(() => TypingKey.Create(Profile));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Create_EmptyOrNullProfile_Throws(string? profile)
    {
        Assert.ThrowsAny<ArgumentException>(() => TypingKey.Create(profile!, "g1"));
    }

    [Theory]
    [InlineData("genesys-webmessaging", true)]
    [InlineData("my_profile.v2", true)]
    [InlineData("has:colon", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidProfileName_ByCharacters_Expected(string? profile, bool expected)
    {
        Assert.Equal(expected, TypingKey.IsValidProfileName(profile));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a}b")]
    [InlineData("dep:tok")]
    public void TryParse_ToStringOfCreatedKey_RoundTrips(string id)
    {
        var key = TypingKey.Create(Profile, id);

        Assert.True(TypingKey.TryParse(key.ToString(), out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData(":id")]
    [InlineData("profile:")]
    [InlineData("profile:a}b")]
    [InlineData("pro file:id")]
    [InlineData("profile:sha256:xyz")]
    public void TryParse_NotACreatedKey_False(string? value)
    {
        Assert.False(TypingKey.TryParse(value, out var key));
        Assert.Null(key);
    }
}
