using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using TypingGateway.DataProtection;

namespace TypingGateway.Tests.DataProtection;

public sealed class SecretXmlEncryptionTests
{
    private static readonly byte[] _secret = Encoding.UTF8.GetBytes("a key-encryption secret of 32+ bytes");
    private static readonly XElement _key = XElement.Parse("<masterKey><value>c2VjcmV0IGtleSBtYXRlcmlhbA==</value></masterKey>");

    [Fact]
    public void Unseal_SameSecret_ReturnsTheElement()
    {
        var sealedElement = SecretXmlEncryption.Seal(_secret, _key);

        Assert.True(XNode.DeepEquals(_key, SecretXmlEncryption.Unseal(_secret, sealedElement)));
    }

    [Fact]
    public void Seal_HidesTheKeyMaterial_AndDiffersEachTime()
    {
        var first = SecretXmlEncryption.Seal(_secret, _key).ToString();
        var second = SecretXmlEncryption.Seal(_secret, _key).ToString();

        Assert.DoesNotContain("c2VjcmV0IGtleSBtYXRlcmlhbA==", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Unseal_OtherSecret_Throws()
    {
        var sealedElement = SecretXmlEncryption.Seal(_secret, _key);

        Assert.ThrowsAny<CryptographicException>(() => SecretXmlEncryption.Unseal(Encoding.UTF8.GetBytes("another secret that is long enough"), sealedElement));
    }

    [Fact]
    public void Unseal_TamperedValue_Throws()
    {
        var sealedElement = SecretXmlEncryption.Seal(_secret, _key);
        var value = sealedElement.Element(SecretXmlEncryption.ValueElement)!;
        var bytes = Convert.FromBase64String(value.Value);
        bytes[^1] ^= 1;
        value.Value = Convert.ToBase64String(bytes);

        Assert.ThrowsAny<CryptographicException>(() => SecretXmlEncryption.Unseal(_secret, sealedElement));
    }
}
