using System.Text;
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace TypingGateway.WebSockets;

/// <summary>Builds the frames the gateway itself sends (synthesized typing stops, platform error frames).</summary>
internal static class WebSocketFrameWriter
{
    /// <summary>Header plus payload bytes of a frame, using the smallest length encoding (§5.2).</summary>
    public static int GetFrameLength(int payloadLength, bool masked)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        var lengthBytes = payloadLength switch
        {
            <= 125 => 0,
            <= ushort.MaxValue => 2,
            _ => 8,
        };
        return 2 + lengthBytes + (masked ? 4 : 0) + payloadLength;
    }

    /// <summary>
    /// Writes one complete frame into <paramref name="destination"/>: FIN set, no RSV bits, the smallest
    /// length encoding, and the payload masked with <paramref name="maskKey"/> when one is given.
    /// </summary>
    /// <returns>Bytes written: <see cref="GetFrameLength"/>.</returns>
    public static int WriteFrame(Span<byte> destination, WebSocketOpcode opcode, ReadOnlySpan<byte> payload, uint? maskKey)
    {
        if (WebSocketFrameHeader.IsControlOpcode(opcode) && payload.Length > WebSocketFrameHeader.MaxControlPayloadLength)
        {
            throw new ArgumentException("A control frame carries at most 125 payload bytes (RFC 6455 §5.5).", nameof(payload));
        }

        var frameLength = GetFrameLength(payload.Length, maskKey.HasValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, frameLength, nameof(destination));

        destination[0] = (byte)(0x80 | (byte)opcode);
        var maskBit = maskKey.HasValue ? (byte)0x80 : (byte)0;
        int offset;
        if (payload.Length <= 125)
        {
            destination[1] = (byte)(maskBit | payload.Length);
            offset = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            offset = 10;
        }

        if (maskKey is { } key)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], key);
            offset += 4;
        }

        var payloadDestination = destination.Slice(offset, payload.Length);
        payload.CopyTo(payloadDestination);
        if (maskKey is { } keyToApply)
        {
            WebSocketMask.Apply(payloadDestination, keyToApply, 0);
        }

        return frameLength;
    }

    /// <summary>
    /// Builds a text frame for <paramref name="direction"/> in a pooled buffer. Client frames get a fresh
    /// key from a cryptographic RNG, as §5.3 requires ("unpredictable"); server frames are never masked (§5.1).
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not valid UTF-8: the peer would have to fail the connection (§8.1).</exception>
    public static RentedFrame RentTextFrame(ReadOnlySpan<byte> utf8Payload, WebSocketFrameDirection direction)
    {
        if (!Utf8.IsValid(utf8Payload))
        {
            throw new ArgumentException("A text frame must carry valid UTF-8 (RFC 6455 §8.1).", nameof(utf8Payload));
        }

        uint? maskKey = direction == WebSocketFrameDirection.ClientToServer ? NewMaskKey() : null;
        var buffer = ArrayPool<byte>.Shared.Rent(GetFrameLength(utf8Payload.Length, maskKey.HasValue));
        var length = WriteFrame(buffer, WebSocketOpcode.Text, utf8Payload, maskKey);
        return new RentedFrame(buffer, length);
    }

    /// <summary>A Close frame (§5.5.1) with a status code and a short UTF-8 reason (at most 123 bytes), in a pooled buffer.</summary>
    public static RentedFrame RentCloseFrame(ushort statusCode, string reason, WebSocketFrameDirection direction)
    {
        Span<byte> payload = stackalloc byte[125];
        BinaryPrimitives.WriteUInt16BigEndian(payload, statusCode);
        var length = 2 + Encoding.UTF8.GetBytes(reason.AsSpan(0, Math.Min(reason.Length, 123)), payload[2..]);
        uint? maskKey = direction == WebSocketFrameDirection.ClientToServer ? NewMaskKey() : null;
        var buffer = ArrayPool<byte>.Shared.Rent(GetFrameLength(length, maskKey.HasValue));
        return new RentedFrame(buffer, WriteFrame(buffer, WebSocketOpcode.Close, payload[..length], maskKey));
    }

    /// <summary>A fresh masking key from a cryptographically strong source (§5.3, §10.3).</summary>
    public static uint NewMaskKey()
    {
        Span<byte> key = stackalloc byte[4];
        RandomNumberGenerator.Fill(key);
        return BinaryPrimitives.ReadUInt32BigEndian(key);
    }
}
