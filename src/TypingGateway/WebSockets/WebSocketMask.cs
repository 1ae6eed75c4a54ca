using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace TypingGateway.WebSockets;

/// <summary>RFC 6455 §5.3 masking: byte i of the payload is XORed with key byte (i mod 4). The same operation unmasks.</summary>
internal static class WebSocketMask
{
    /// <summary>
    /// XORs <paramref name="data"/> in place. <paramref name="keyOffset"/> is the payload position of
    /// <paramref name="data"/>[0] modulo 4, so a payload split across buffers can be masked piece by piece.
    /// </summary>
    /// <returns>The key offset for the byte following <paramref name="data"/>.</returns>
    public static int Apply(Span<byte> data, uint maskKey, int keyOffset)
    {
        keyOffset &= 3;
        if (data.IsEmpty)
        {
            return keyOffset;
        }

        // Rotate the key so that data[0] lines up with key byte keyOffset, then lay the four bytes out in
        // memory order: reinterpreting them as a uint and broadcasting it masks 4, 8 or Vector<byte>.Count
        // bytes at once (all multiples of 4, so the pattern stays aligned to the key).
        var rotated = BitOperations.RotateLeft(maskKey, keyOffset * 8);
        Span<byte> keyBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(keyBytes, rotated);
        var pattern = MemoryMarshal.Read<uint>(keyBytes);

        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var vectorMask = Vector.AsVectorByte(new Vector<uint>(pattern));
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var slice = data.Slice(i, Vector<byte>.Count);
                (new Vector<byte>(slice) ^ vectorMask).CopyTo(slice);
            }
        }

        var wideMask = ((ulong)pattern << 32) | pattern;
        for (; i <= data.Length - sizeof(ulong); i += sizeof(ulong))
        {
            var slice = data.Slice(i, sizeof(ulong));
            MemoryMarshal.Write(slice, MemoryMarshal.Read<ulong>(slice) ^ wideMask);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keyBytes[i & 3];
        }

        return (keyOffset + data.Length) & 3;
    }
}
