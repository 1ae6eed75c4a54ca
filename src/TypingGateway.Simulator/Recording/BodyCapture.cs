using System.Buffers;
using System.Security.Cryptography;

namespace TypingGateway.Simulator.Recording;

/// <summary>
/// Summarises a payload that arrives in pieces (WebSocket fragments): hashes every byte but keeps
/// only the first <see cref="PayloadSummary.MaxInlineBytes"/>, so large messages cost no memory.
/// </summary>
internal sealed class BodyCapture : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _inline = new();

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        Length += data.Length;
        if (Length <= PayloadSummary.MaxInlineBytes)
        {
            _inline.Write(data);
        }
    }

    public PayloadSummary Complete(PayloadEncoding encoding)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(hash);
        return PayloadSummary.Create(Length, hash, _inline.WrittenSpan, encoding);
    }

    public void Dispose() => _hash.Dispose();
}
