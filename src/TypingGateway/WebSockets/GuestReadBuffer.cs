using System.Buffers;
using System.Diagnostics;

namespace TypingGateway.WebSockets;

/// <summary>
/// The guest reader's pooled buffer: the bytes read from the guest and not yet handed on or dropped. Rented for the
/// first read, compacted before each further one, and given back while the guest is idle, so an idle guest holds no
/// buffer. One reader at a time.
/// </summary>
/// <param name="size">Bytes rented: a candidate frame must fit whole, header included, after compaction.</param>
internal sealed class GuestReadBuffer(int size)
{
    // Bytes [_start, _end) of _array were read from the guest and not yet returned or dropped.
    private byte[]? _array;
    private int _start;
    private int _end;

    /// <summary>Bytes buffered and not yet consumed.</summary>
    public int Length => _end - _start;

    public bool IsEmpty => _start == _end;

    /// <summary>An array is rented from the pool.</summary>
    public bool IsRented => _array is not null;

    /// <summary>The buffered bytes, first unconsumed byte first.</summary>
    public ReadOnlySpan<byte> Buffered => _array.AsSpan(_start, _end - _start);

    /// <summary>Copies and consumes the buffered bytes, as many as <paramref name="destination"/> and <paramref name="limit"/> allow.</summary>
    /// <returns>The bytes copied.</returns>
    public int CopyTo(Span<byte> destination, long limit)
    {
        var count = (int)Math.Min(_end - _start, limit);
        count = Math.Min(count, destination.Length);
        _array.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Drops buffered bytes, at most <paramref name="limit"/>.</summary>
    /// <returns>The bytes dropped.</returns>
    public int Skip(long limit)
    {
        var count = (int)Math.Min(_end - _start, limit);
        _start += count;
        return count;
    }

    /// <summary>
    /// Where the next read from the guest goes: after the buffered bytes, moved to the front first (only a partial header
    /// or a partial candidate is ever left here, so this moves little). Rents the array if none is held.
    /// </summary>
    public Memory<byte> GetReadMemory()
    {
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(size);
        }
        else if (_start > 0)
        {
            _array.AsSpan(_start, _end - _start).CopyTo(_array);
            _end -= _start;
            _start = 0;
        }

        Debug.Assert(_end < _array.Length, "a candidate always fits the buffer");
        return _array.AsMemory(_end);
    }

    /// <summary>A read into <see cref="GetReadMemory"/> completed with <paramref name="count"/> bytes.</summary>
    public void Advance(int count) => _end += count;

    /// <summary>Nothing buffered: the next read starts at the front.</summary>
    public void Rewind()
    {
        Debug.Assert(_start == _end, "only an empty buffer is rewound");
        _start = 0;
        _end = 0;
    }

    /// <summary>
    /// Gives the array back to the pool, dropping whatever is buffered. While <paramref name="wait"/> holds a real read
    /// that has not completed, the inner stream may still write into the array: the wait returns it once that read is over.
    /// </summary>
    public void Release(GuestReadWait wait)
    {
        if (_array is not { } array)
        {
            return;
        }

        _array = null;
        _start = 0;
        _end = 0;
        if (wait.IsPending && !wait.IsProbe && !wait.IsDone)
        {
            wait.ReturnWhenDone(array);
            return;
        }

        ArrayPool<byte>.Shared.Return(array);
    }
}
