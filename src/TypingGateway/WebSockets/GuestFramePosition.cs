namespace TypingGateway.WebSockets;

/// <summary>
/// Where the guest reader stands in the guest's frames: at a frame start, inside a frame being passed through or
/// discarded (counting the bytes of it still to come), or past the point where frames can be told apart (opaque:
/// every byte from here on passes through as is). Frame boundaries only; message boundaries are
/// <see cref="WebSocketMessageState"/>'s. One reader at a time.
/// </summary>
internal sealed class GuestFramePosition
{
    // Bytes still to come of the frame being passed through, or being discarded (never handed on); both 0 at a frame start.
    private long _passThrough;
    private long _discard;

    /// <summary>An unparseable frame came (or the guest ended inside one): every byte from here on is passed through as is.</summary>
    public bool Opaque { get; private set; }

    /// <summary>The next buffered byte starts a frame header.</summary>
    public bool AtFrameStart => !Opaque && _passThrough == 0 && _discard == 0;

    /// <summary>The next buffered bytes are handed on as received.</summary>
    public bool PassingThrough => Opaque || _passThrough > 0;

    /// <summary>The next buffered bytes belong to a frame being discarded.</summary>
    public bool Discarding => _discard > 0;

    /// <summary>A frame starts at the buffer's start and goes through whole, <paramref name="frameLength"/> bytes with its header.</summary>
    public void PassThrough(long frameLength) => _passThrough = frameLength;

    /// <summary>A frame starts at the buffer's start and is dropped whole, <paramref name="frameLength"/> bytes with its header.</summary>
    public void Discard(long frameLength) => _discard = frameLength;

    public void EnterOpaque() => Opaque = true;

    /// <summary>Copies the buffered bytes of the frame being passed through (all of them once opaque) to <paramref name="destination"/>.</summary>
    /// <returns>The bytes copied.</returns>
    public int CopyPassThrough(GuestReadBuffer buffer, Span<byte> destination)
    {
        var count = buffer.CopyTo(destination, Opaque ? long.MaxValue : _passThrough);
        if (!Opaque)
        {
            _passThrough -= count;
        }

        return count;
    }

    /// <summary>Drops the buffered bytes of the frame being discarded, as far as they have arrived.</summary>
    public void SkipDiscarded(GuestReadBuffer buffer) => _discard -= buffer.Skip(_discard);
}
