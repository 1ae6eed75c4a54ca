using TypingGateway.Typing.State;

namespace TypingGateway.Protocols;

/// <summary>
/// The last key a recogniser built for one connection, by the raw bytes it was built from (Genesys: the session token
/// as sent): a guest's frames name the same guest over and over, so building the key (hashing, joining strings) is paid
/// once per connection rather than per frame. One per <see cref="TypingContext"/>; frames of a connection are recognised
/// one at a time, so it needs no locking.
/// </summary>
internal sealed class TypingKeyCache
{
    private byte[] _raw = [];
    private TypingKey? _key;

    /// <summary>The key built last from exactly <paramref name="raw"/>; false when the last key came from other bytes.</summary>
    public bool TryGet(ReadOnlySpan<byte> raw, out TypingKey key)
    {
        if (_key is { } cached && raw.SequenceEqual(_raw))
        {
            key = cached;
            return true;
        }

        key = default;
        return false;
    }

    public void Set(ReadOnlySpan<byte> raw, TypingKey key)
    {
        if (_raw.Length != raw.Length)
        {
            _raw = new byte[raw.Length];
        }

        raw.CopyTo(_raw);
        _key = key;
    }
}
