using System.Globalization;
using System.Text;

namespace TypingGateway.Redis;

/// <summary>
/// Redis Cluster's key → slot function (the cluster specification: CRC16-XMODEM of the hash tag, or of the whole
/// key without one, modulo 16384), and for each slot a short tag that lands in it. The gateway needs both without a
/// connection: a shard's invalidation channel must be in the slot of the keys whose news it carries, and
/// the outage probe addresses each shard through a key in one of its slots.
/// </summary>
internal static class RedisHashSlot
{
    /// <summary>Slots of a Redis Cluster.</summary>
    public const int Count = 16384;

    // Longest hash tag (in UTF-8 bytes) hashed without a heap buffer; a typing key's tag is at most 71 + 1 + 128
    // ASCII characters, and the near cache asks for its slot on every typing start.
    private const int StackLimit = 512;

    private static readonly ushort[] _crcTable = BuildCrcTable();

    // Immutable once built; about 110,000 CRCs of short decimals (a few ms), on first use in cluster mode.
    private static readonly Lazy<string[]> _tags = new(BuildTags);

    /// <summary>The slot of a key, honouring its hash tag (the part between the first '{' and the next '}', if not empty).</summary>
    public static int Of(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                return OfTag(key.AsSpan(open + 1, close - open - 1));
            }
        }

        return OfTag(key);
    }

    /// <summary>The slot of any key whose hash tag is <paramref name="tag"/> (hashed as UTF-8).</summary>
    public static int OfTag(ReadOnlySpan<char> tag)
    {
        var length = Encoding.UTF8.GetByteCount(tag);
        var bytes = length <= StackLimit ? stackalloc byte[StackLimit] : new byte[length];
        var written = Encoding.UTF8.GetBytes(tag, bytes);
        return Crc16(bytes[..written]) % Count;
    }

    /// <summary>
    /// The shortest non-negative decimal whose slot is <paramref name="slot"/>: a key or channel with the hash tag
    /// <c>{tag}</c> lands in that slot. The same on every instance (the function is fixed by the specification).
    /// </summary>
    public static string Tag(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Count);
        return _tags.Value[slot];
    }

    /// <summary>
    /// Refuses a key part that would move, or empty, the hash tag of the key it is put in (a brace), or that is
    /// empty: every key builder passes its variable parts through this, so no id can take a key to another slot
    /// than its companions or its script's other keys.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="part"/> is empty or contains '{' or '}'.</exception>
    public static string ThrowIfNotTagSafe(string part, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(part))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(part, name);
        if (part.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("A Redis key part must not contain '{' or '}' (the Redis Cluster hash tag).", name);
        }

        return part;
    }

    private static ushort Crc16(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0;
        foreach (var b in bytes)
        {
            crc = (ushort)((crc << 8) ^ _crcTable[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    // CRC16-XMODEM (polynomial 0x1021, initial value 0), as in the cluster specification's crc16.c.
    private static ushort[] BuildCrcTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }

    private static string[] BuildTags()
    {
        var tags = new string?[Count];
        var found = 0;
        for (var n = 0L; found < Count; n++)
        {
            var candidate = n.ToString(CultureInfo.InvariantCulture);
            var slot = OfTag(candidate);
            if (tags[slot] is null)
            {
                tags[slot] = candidate;
                found++;
            }
        }

        return tags!;
    }
}
