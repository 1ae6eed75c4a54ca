using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace TypingGateway.DataProtection;

/// <summary>
/// Decrypts keys written by <see cref="SecretXmlEncryptor"/>. Data Protection records this type's name
/// in the stored key and activates it by that name, so it needs a public constructor taking the
/// service provider.
/// </summary>
internal sealed class SecretXmlDecryptor : IXmlDecryptor
{
    private readonly KeyEncryptionSecret _secret;

    public SecretXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _secret = services.GetRequiredService<KeyEncryptionSecret>();
    }

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var value = _secret.Value ?? throw new InvalidOperationException(
            "The Data Protection key ring holds encrypted keys but no key-encryption secret is configured "
            + $"(set {GatewayDataProtectionOptions.SectionName}:{nameof(GatewayDataProtectionOptions.KeyEncryptionSecretEnv)}).");
        return SecretXmlEncryption.Unseal(value, encryptedElement);
    }
}
