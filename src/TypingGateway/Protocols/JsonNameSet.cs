namespace TypingGateway.Protocols;

/// <summary>
/// The property names seen so far in a forward-only read of one small JSON document, by object, for rejecting duplicate
/// keys without allocating (design §3: a frame with duplicate keys is not recognised). Names are kept as positions in the
/// document, so only names read without escapes can be added; a reader that meets an escaped name, or more names than
/// the buffer holds, falls back to the DOM, which checks everything.
/// </summary>
internal ref struct JsonNameSet(Span<JsonNameSet.Entry> buffer)
{
    /// <summary>How many names a caller's stack buffer usually holds (a guest frame has a dozen).</summary>
    public const int Capacity = 48;

    private readonly Span<Entry> _entries = buffer;
    private int _count;

    /// <summary>
    /// Records the name at <paramref name="start"/> (length <paramref name="length"/>) of <paramref name="json"/> in object
    /// <paramref name="objectId"/>. False when the object already has that name (a duplicate) or the buffer is full
    /// (<paramref name="full"/> then tells which).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> json, int objectId, int start, int length, out bool full)
    {
        full = false;
        var name = json.Slice(start, length);
        for (var i = _count - 1; i >= 0; i--)
        {
            ref readonly var entry = ref _entries[i];
            if (entry.ObjectId == objectId && entry.Length == length && json.Slice(entry.Start, length).SequenceEqual(name))
            {
                return false;
            }
        }

        if (_count == _entries.Length)
        {
            full = true;
            return false;
        }

        _entries[_count++] = new Entry(objectId, start, length);
        return true;
    }

    /// <summary>One name: the object it belongs to and where it is in the document.</summary>
    public readonly record struct Entry(int ObjectId, int Start, int Length);
}
