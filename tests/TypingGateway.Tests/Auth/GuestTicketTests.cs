using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class GuestTicketTests
{
    private const string KeyId = "k1";
    private const string Subject = "conv-1";
    private static readonly DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] _key = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    internal static readonly GuestTicketKeyRing Keys = new(
        new Dictionary<string, byte[]> { [KeyId] = _key }, "X-Guest-Ticket", "guest_ticket", TimeSpan.FromHours(24), TimeSpan.FromSeconds(30));

    [Fact]
    public void Verify_TicketMintedForSubject_Valid()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_TicketFromIndependentImplementation_Valid()
    {
        var expiry = _now.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = $"v1.{KeyId}.{Base64Url(Encoding.UTF8.GetBytes(Subject))}.{expiry}";
        var ticket = signed + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed)));

        var verdict = GuestTicket.Verify(ticket, Keys, Subject, _now);

        Assert.Equal(GuestTicketVerdict.Valid, verdict);
        Assert.Equal(ticket, GuestTicket.Mint(KeyId, _key, Subject, _now.AddMinutes(10)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_NoTicket_Missing(string? ticket)
    {
        Assert.Equal(GuestTicketVerdict.Missing, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Theory]
    [InlineData("v1.k1.Y29udi0x.1795262400")] // four parts
    [InlineData("v1.k1.Y29udi0x.1795262400.AAAA.AAAA")] // six parts
    [InlineData("v1.k1.Y29udi0x.1795262400.")] // empty signature
    [InlineData("v1.k1..1795262400.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // empty subject
    [InlineData("v1.k1.Y29u*i0x.1795262400.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // subject not base64url
    [InlineData("v1.k1.Y29udi0x.1795262400.AAAA*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // signature not base64url
    [InlineData("v1.k1.Y29udi0x.17952624OO.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // expiry not numeric
    [InlineData("v1.k1.Y29udi0x.-1795262400.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // signed expiry
    [InlineData("v1.k1.Y29udi0x.1795262400.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 31-byte signature
    [InlineData("v1.k1.Y29udi0x.1795262400.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 34-byte signature
    public void Verify_BadShape_Malformed(string ticket)
    {
        Assert.Equal(GuestTicketVerdict.Malformed, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    /// <summary>Shapes that once threw out of <see cref="GuestTicket.Verify"/> (issue 12, D4) or that only a strict reader refuses.</summary>
    public static TheoryData<string, string> NonCanonicalShapes()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1));
        var parts = ticket.Split('.');
        string With(int index, string value) => string.Join('.', parts.Select((p, i) => i == index ? value : p));

        // A 32-byte signature is 43 characters whose last one carries 2 unused bits: set them.
        var signature = parts[4];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var paddedBitsSet = signature[..^1] + alphabet[alphabet.IndexOf(signature[^1], StringComparison.Ordinal) | 0b11];
        return new TheoryData<string, string>
        {
            { ticket[..^1], "valid ticket minus its last character" },
            { ticket[..^2], "valid ticket minus its last two characters" },
            { With(2, "AB"), "subject 'AB': non-zero padding bits" },
            { With(2, "Y29udi0xB"), "subject of 9 characters" },
            { With(4, paddedBitsSet), "signature with its unused bits set" },
            { With(4, "AB"), "signature 'AB'" },
            { With(1, "k\u00e9y"), "non-ASCII key id" },
            { With(1, "k%1"), "key id with '%'" },
            { With(1, new string('k', 33)), "over-long key id" },
            { With(1, string.Empty), "empty key id" },
        };
    }

    [Theory]
    [Trait("Area", "Robustness")]
    [MemberData(nameof(NonCanonicalShapes))]
    public void Verify_NonCanonicalOrInvalidPart_Malformed(string ticket, string shape)
    {
        var verdict = GuestTicket.Verify(ticket, Keys, Subject, _now);

        Assert.True(verdict == GuestTicketVerdict.Malformed, $"{shape}: {verdict}");
    }

    [Fact]
    public void Verify_WrongVersion_Malformed()
    {
        var ticket = "v2" + GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1))[2..];

        Assert.Equal(GuestTicketVerdict.Malformed, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_LongerThan1024Characters_Malformed()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1));
        ticket = ticket.Insert(ticket.IndexOf('.', StringComparison.Ordinal) + 1, new string('a', 1025 - ticket.Length));

        Assert.Equal(1025, ticket.Length);
        Assert.Equal(GuestTicketVerdict.Malformed, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_SubjectLongerThan256Bytes_Malformed()
    {
        var ticket = Sign(KeyId, new byte[257], _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.Malformed, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_SubjectNotUtf8WithCorrectSignature_Malformed()
    {
        var ticket = Sign(KeyId, [0xC3, 0x28], _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.Malformed, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_KeyIdNotInRing_UnknownKey()
    {
        var ticket = GuestTicket.Mint("k2", _key, Subject, _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.UnknownKey, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_OneSignatureCharacterChanged_BadSignature()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1));
        var at = ticket.LastIndexOf('.') + 1;
        var tampered = ticket[..at] + (ticket[at] == 'A' ? 'B' : 'A') + ticket[(at + 1)..];

        Assert.Equal(GuestTicketVerdict.BadSignature, GuestTicket.Verify(tampered, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_SubjectReplacedKeepingSignature_BadSignature()
    {
        var parts = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1)).Split('.');
        parts[2] = Base64Url("conv-2"u8.ToArray());

        Assert.Equal(GuestTicketVerdict.BadSignature, GuestTicket.Verify(string.Join('.', parts), Keys, "conv-2", _now));
    }

    [Fact]
    public void Verify_SignedWithAnotherKeyOfTheSameId_BadSignature()
    {
        var ticket = GuestTicket.Mint(KeyId, Encoding.UTF8.GetBytes("another key of thirty-two bytes!"), Subject, _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.BadSignature, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_ExactlyAtExpiryPlusClockSkew_Expired()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now);

        Assert.Equal(GuestTicketVerdict.Expired, GuestTicket.Verify(ticket, Keys, Subject, _now.AddSeconds(30)));
    }

    [Fact]
    public void Verify_OneTickBeforeExpiryPlusClockSkew_Valid()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now);

        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, Keys, Subject, _now.AddSeconds(30).AddTicks(-1)));
    }

    [Fact]
    public void Verify_ExpiryBeyondMaxLifetimePlusClockSkew_TooLongLived()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(24).AddSeconds(31));

        Assert.Equal(GuestTicketVerdict.TooLongLived, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Fact]
    public void Verify_ExpiryExactlyAtMaxLifetimePlusClockSkew_Valid()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(24).AddSeconds(30));

        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, Keys, Subject, _now));
    }

    [Theory]
    [InlineData("conv-2")]
    [InlineData("CONV-1")]
    [InlineData("")]
    [InlineData(null)]
    public void Verify_TicketForAnotherSubject_WrongSubject(string? subject)
    {
        var ticket = GuestTicket.Mint(KeyId, _key, Subject, _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.WrongSubject, GuestTicket.Verify(ticket, Keys, subject, _now));
    }

    [Fact]
    public void Verify_NonAsciiSubject_Valid()
    {
        var ticket = GuestTicket.Mint(KeyId, _key, "gäst-ü", _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, Keys, "gäst-ü", _now));
    }

    [Theory]
    [InlineData("k1")]
    [InlineData("dev")]
    [InlineData("Key_2026-11")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // 32 characters
    public void IsValidKeyId_LettersDigitsUnderscoreDash_True(string keyId)
    {
        Assert.True(GuestTicket.IsValidKeyId(keyId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    [InlineData("k.1")]
    [InlineData("k 1")]
    [InlineData("k{1}")]
    [InlineData("schlüssel")]
    public void IsValidKeyId_OtherCharactersOrLength_False(string keyId)
    {
        Assert.False(GuestTicket.IsValidKeyId(keyId));
    }

    [Fact]
    public void Mint_InvalidKeyId_ThrowsNamingKeyId()
    {
        var ex = Assert.Throws<ArgumentException>(() => GuestTicket.Mint("k.1", _key, Subject, _now));

        Assert.Equal("Key id 'k.1' is not valid. (Parameter 'keyId')", ex.Message);
    }

    [Fact]
    public void Mint_SubjectLongerThan256Bytes_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GuestTicket.Mint(KeyId, _key, new string('ü', 129), _now));

        Assert.Equal("The subject is longer than 256 bytes. (Parameter 'subject')", ex.Message);
    }

    [Fact]
    public void Mint_Subject256Bytes_VerifiesValid()
    {
        var subject = new string('ü', 128);

        var ticket = GuestTicket.Mint(KeyId, _key, subject, _now.AddHours(1));

        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, Keys, subject, _now));
    }

    [Fact]
    public void Mint_EmptySubject_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GuestTicket.Mint(KeyId, _key, string.Empty, _now));

        Assert.Equal("subject", ex.ParamName);
    }

    [Fact]
    public void Mint_NullSubject_ThrowsArgumentNull()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => GuestTicket.Mint(KeyId, _key, null!, _now));

        Assert.Equal("subject", ex.ParamName);
    }

    /// <summary>Signs any subject bytes the way the documented format says, bypassing Mint's checks.</summary>
    internal static string Sign(string keyId, byte[] subject, DateTimeOffset expires)
    {
        var signed = $"v1.{keyId}.{Base64Url(subject)}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return signed + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>RFC 4648 §5 without padding, written independently of the code under test.</summary>
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
