using System.Security.Cryptography;
using System.Text;

namespace TypingGateway.Auth;

/// <summary>
/// Seals tokens before they go to Redis (AES-256-GCM under a key derived with HKDF from the upstream's
/// client secret), so a Redis dump or a stray MONITOR shows no usable bearer token. Every instance of
/// one deployment has the same secret and so the same key; a rotated secret just makes old entries unreadable.
/// </summary>
internal static class TokenProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] _salt = "typinggateway/token-cache/v1"u8.ToArray();

    public static string Seal(Upstream upstream, string clientSecret, string token)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(upstream, clientSecret), TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The token, or null when the entry was sealed under another key or is damaged.</summary>
    public static string? Unseal(Upstream upstream, string clientSecret, string sealedToken)
    {
        try
        {
            var sealedBytes = Convert.FromBase64String(sealedToken);
            if (sealedBytes.Length <= NonceBytes + TagBytes)
            {
                return null;
            }

            var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
            using var aes = new AesGcm(Key(upstream, clientSecret), TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A short, one-way name of a token: tells tokens apart (rejected or not) without revealing them.</summary>
    public static string Fingerprint(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 12));

    private static byte[] Key(Upstream upstream, string clientSecret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(clientSecret), 32, _salt, Encoding.UTF8.GetBytes(upstream.Name + "\n" + upstream.ClientId));
}
