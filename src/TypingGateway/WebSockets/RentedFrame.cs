using System.Buffers;

namespace TypingGateway.WebSockets;

/// <summary>A complete frame built by the gateway in a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
/// <param name="Buffer">The rented array; the frame occupies its first <paramref name="Length"/> bytes.</param>
/// <param name="Length">Bytes of the frame.</param>
internal readonly record struct RentedFrame(byte[] Buffer, int Length)
{
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    /// <summary>Gives the buffer back to the pool; the frame must not be used afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
