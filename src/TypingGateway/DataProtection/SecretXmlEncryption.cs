using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace TypingGateway.DataProtection;

/// <summary>
/// The sealed form of a Data Protection key element: AES-256-GCM under a key derived with HKDF-SHA256
/// from the key-encryption secret and a random salt per element, so no two elements share a key.
/// Layout of <c>&lt;value&gt;</c> (base64): salt (16) | nonce (12) | tag (16) | ciphertext.
/// </summary>
internal static class SecretXmlEncryption
{
    public static readonly XName EncryptedElement = XName.Get("encryptedKey", "urn:typinggateway:dataprotection:v1");
    public static readonly XName ValueElement = XName.Get("value", "urn:typinggateway:dataprotection:v1");

    private const int SaltBytes = 16;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = SaltBytes + NonceBytes + TagBytes;
    private static readonly byte[] _info = "typinggateway/dataprotection-key-encryption/v1"u8.ToArray();

    public static XElement Seal(byte[] secret, XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[HeaderBytes + plain.Length];
        var salt = sealedBytes.AsSpan(0, SaltBytes);
        var nonce = sealedBytes.AsSpan(SaltBytes, NonceBytes);
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(secret, salt), TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(SaltBytes + NonceBytes, TagBytes));
        CryptographicOperations.ZeroMemory(plain);
        return new XElement(
            EncryptedElement,
            new XComment(" This key is encrypted with AES-256-GCM under the gateway's DataProtection key-encryption secret. "),
            new XElement(ValueElement, Convert.ToBase64String(sealedBytes)));
    }

    /// <exception cref="CryptographicException">The element was sealed under another secret, or is damaged.</exception>
    public static XElement Unseal(byte[] secret, XElement encryptedElement)
    {
        var value = encryptedElement.Element(ValueElement)?.Value
            ?? throw new CryptographicException("The encrypted Data Protection key has no value element.");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(value);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The encrypted Data Protection key is not valid base64.", ex);
        }

        if (sealedBytes.Length <= HeaderBytes)
        {
            throw new CryptographicException("The encrypted Data Protection key is too short.");
        }

        var plain = new byte[sealedBytes.Length - HeaderBytes];
        using var aes = new AesGcm(Key(secret, sealedBytes.AsSpan(0, SaltBytes)), TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(SaltBytes, NonceBytes), sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(SaltBytes + NonceBytes, TagBytes), plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException(
                "A Data Protection key was encrypted under another key-encryption secret (or is damaged); it cannot be used.", ex);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] Key(byte[] secret, ReadOnlySpan<byte> salt)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt, _info);
        return key;
    }
}
