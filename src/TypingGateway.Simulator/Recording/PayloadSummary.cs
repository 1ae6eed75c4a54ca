using System.Security.Cryptography;
using System.Text;

namespace TypingGateway.Simulator.Recording;

/// <summary>What the recorder keeps of a payload: length, hash, and the bytes themselves when small.</summary>
internal readonly record struct PayloadSummary(long Length, string Sha256, string? Text, string? Base64)
{
    /// <summary>Payloads above this size are recorded by length and hash only, to bound memory.</summary>
    public const int MaxInlineBytes = 65536;

    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PayloadSummary Empty { get; } = FromBytes([], PayloadEncoding.Text);

    public static PayloadSummary FromBytes(ReadOnlySpan<byte> bytes, PayloadEncoding encoding) =>
        Create(bytes.Length, SHA256.HashData(bytes), bytes, encoding);

    /// <summary>Summary from a finished hash; <paramref name="inline"/> is the whole payload when it is at most <see cref="MaxInlineBytes"/>.</summary>
    public static PayloadSummary Create(long length, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> inline, PayloadEncoding encoding)
    {
        var hex = Convert.ToHexStringLower(hash);
        if (length > MaxInlineBytes)
        {
            return new PayloadSummary(length, hex, null, null);
        }

        return encoding switch
        {
            PayloadEncoding.Text => new PayloadSummary(length, hex, Encoding.UTF8.GetString(inline), null),
            PayloadEncoding.Binary => new PayloadSummary(length, hex, null, Convert.ToBase64String(inline)),
            _ => TryDecode(inline, out var text)
                ? new PayloadSummary(length, hex, text, null)
                : new PayloadSummary(length, hex, null, Convert.ToBase64String(inline)),
        };
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string? text)
    {
        try
        {
            text = _strictUtf8.GetString(bytes);
            return true;
        }
        catch (ArgumentException)
        {
            // DecoderFallbackException derives from ArgumentException: the body is not UTF-8.
            text = null;
            return false;
        }
    }
}
