using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TypingGateway.Auth;

/// <summary>
/// The guest ticket format: <c>v1.&lt;keyId&gt;.&lt;base64url(subject)&gt;.&lt;expiry&gt;.&lt;base64url(signature)&gt;</c>,
/// where expiry is Unix seconds and the signature is HMAC-SHA256, under the key named by key id, of the
/// ASCII text before the last dot. The subject is the guest or conversation id the ticket lets its holder act for.
/// </summary>
internal static class GuestTicket
{
    public const string Version = "v1";
    public const int MaxKeyIdLength = 32;
    public const int MaxSubjectBytes = 256;
    public const int MaxLength = 1024;
    private const char Separator = '.';
    private const int SignatureBytes = 32;
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsValidKeyId(string keyId) =>
        keyId.Length is > 0 and <= MaxKeyIdLength && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Mints a ticket, as the customer's backend does (and the <c>mint-ticket</c> command for development).</summary>
    public static string Mint(string keyId, byte[] key, string subject, DateTimeOffset expires)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        if (!IsValidKeyId(keyId))
        {
            throw new ArgumentException($"Key id '{keyId}' is not valid.", nameof(keyId));
        }

        var subjectBytes = Encoding.UTF8.GetBytes(subject);
        if (subjectBytes.Length > MaxSubjectBytes)
        {
            throw new ArgumentException($"The subject is longer than {MaxSubjectBytes} bytes.", nameof(subject));
        }

        var signed = string.Join(Separator, Version, keyId, Base64Url.EncodeToString(subjectBytes), expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return signed + Separator + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>Checks a presented ticket: format, key, signature (in constant time), expiry, then that it is for <paramref name="subject"/>.</summary>
    public static GuestTicketVerdict Verify(string? ticket, GuestTicketKeyRing keys, string? subject, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return GuestTicketVerdict.Missing;
        }

        var parts = ticket.Length <= MaxLength ? ticket.Split(Separator) : [];
        if (parts.Length != 5 || parts[0] != Version || !IsValidKeyId(parts[1])
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds)
            || !TryDecode(parts[2], MaxSubjectBytes, out var subjectBytes)
            || !TryDecode(parts[4], SignatureBytes, out var signature) || signature.Length != SignatureBytes)
        {
            return GuestTicketVerdict.Malformed;
        }

        if (!keys.TryGetKey(parts[1], out var key))
        {
            return GuestTicketVerdict.UnknownKey;
        }

        var signedLength = ticket.Length - parts[4].Length - 1;
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(ticket, 0, signedLength));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return GuestTicketVerdict.BadSignature;
        }

        // Only now, with the signature valid, are the contents trusted.
        if (expirySeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return GuestTicketVerdict.Malformed;
        }

        // Differences, never sums: an expiry near DateTimeOffset.MaxValue must not overflow.
        var expires = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        if (now - expires >= keys.ClockSkew)
        {
            return GuestTicketVerdict.Expired;
        }

        if (expires - now > keys.MaxLifetime + keys.ClockSkew)
        {
            return GuestTicketVerdict.TooLongLived;
        }

        string ticketSubject;
        try
        {
            ticketSubject = _strictUtf8.GetString(subjectBytes);
        }
        catch (DecoderFallbackException)
        {
            return GuestTicketVerdict.Malformed;
        }

        return string.Equals(ticketSubject, subject, StringComparison.Ordinal) ? GuestTicketVerdict.Valid : GuestTicketVerdict.WrongSubject;
    }

    private static bool TryDecode(string text, int maxBytes, out byte[] bytes)
    {
        // Canonical unpadded base64url only (the decoder would also skip whitespace and take '=' padding),
        // so one ticket has exactly one spelling.
        bytes = [];
        if (text.Length == 0 || text.Length % 4 == 1 || Base64Url.GetMaxDecodedLength(text.Length) > maxBytes + 2
            || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        // The throwing overloads reject a last character with non-zero unused bits (a ticket minus its last
        // character, a part "AB") with a FormatException; the status-returning one reports it as InvalidData.
        Span<byte> buffer = stackalloc byte[maxBytes + 2];
        if (Base64Url.DecodeFromChars(text, buffer, out _, out var written) != OperationStatus.Done || written > maxBytes)
        {
            return false;
        }

        bytes = buffer[..written].ToArray();
        return true;
    }
}
