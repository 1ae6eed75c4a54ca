using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace TypingGateway.DataProtection;

/// <summary>Encrypts Data Protection keys before they are stored (see <see cref="SecretXmlEncryption"/>).</summary>
internal sealed class SecretXmlEncryptor(KeyEncryptionSecret secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var value = secret.Value ?? throw new InvalidOperationException("No DataProtection key-encryption secret is configured.");
        return new EncryptedXmlInfo(SecretXmlEncryption.Seal(value, plaintextElement), typeof(SecretXmlDecryptor));
    }
}
