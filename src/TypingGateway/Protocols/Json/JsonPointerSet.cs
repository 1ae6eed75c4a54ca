using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace TypingGateway.Protocols.Json;

/// <summary>
/// Several JSON pointers evaluated in one forward-only read of a frame (<see cref="Utf8JsonReader"/>), without a document
/// or strings: for each pointer, where its value is in the frame and what kind of token it is. Every key of every object is
/// checked for duplicates on stack buffers. Answers exactly as <see cref="JsonPointer.Evaluate"/> on the document, or says
/// it cannot (<see cref="JsonFieldStatus.NeedsDocument"/>: an escaped name or string, more names than the buffer holds).
/// </summary>
internal sealed class JsonPointerSet
{
    /// <summary>Most pointers one set reads (a bit each).</summary>
    public const int MaxPointers = 64;

    private const int MaxDepth = 32;
    private const int StackSize = MaxDepth + 2;
    private static readonly JsonReaderOptions _options = new() { MaxDepth = MaxDepth };

    // Per pointer: its tokens as UTF-8 (names) and as array indexes (-1: not an index), as JsonPointer reads them.
    private readonly byte[][][] _names;
    private readonly int[][] _indexes;
    private readonly ulong _all;
    private readonly ulong[] _endingAt; // by length: the pointers of exactly that many tokens

    public JsonPointerSet(IReadOnlyList<JsonPointer> pointers)
    {
        if (pointers.Count > MaxPointers)
        {
            throw new ArgumentOutOfRangeException(nameof(pointers), $"At most {MaxPointers} pointers.");
        }

        _names = [.. pointers.Select(p => p.Tokens.Select(Encoding.UTF8.GetBytes).ToArray())];
        _indexes = [.. pointers.Select(p => p.Tokens.Select(t => int.TryParse(t, out var i) && i >= 0 ? i : -1).ToArray())];
        _all = pointers.Count == MaxPointers ? ulong.MaxValue : (1UL << pointers.Count) - 1;
        _endingAt = new ulong[StackSize + 1];
        for (var p = 0; p < pointers.Count; p++)
        {
            if (pointers[p].Tokens.Count < _endingAt.Length)
            {
                _endingAt[pointers[p].Tokens.Count] |= 1UL << p;
            }
        }
    }

    /// <summary>One pointer's value: where it is and its token (None: the pointer names nothing there).</summary>
    public readonly record struct Value(JsonTokenType Token, int Start, int Length)
    {
        /// <summary>A string's text or a literal's JSON text, as <see cref="JsonText.Scalar"/>; false for anything else or a string that is not text.</summary>
        public bool TryScalar(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> scalar)
        {
            scalar = Token is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False ? json.Slice(Start, Length) : default;
            return Token is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False || (Token == JsonTokenType.String && Utf8.IsValid(scalar));
        }
    }

    /// <summary>Reads <paramref name="json"/> (any JSON value) and fills <paramref name="values"/> (one per pointer).</summary>
    /// <exception cref="JsonException">Not valid JSON, or nested deeper than the document reading allows.</exception>
    public JsonFieldStatus Read(ReadOnlySpan<byte> json, Span<Value> values)
    {
        values.Clear();
        Span<ulong> masks = stackalloc ulong[StackSize];
        Span<int> nextIndex = stackalloc int[StackSize]; // arrays: the next element's index; objects: -1
        Span<int> objectIds = stackalloc int[StackSize];
        Span<JsonNameSet.Entry> nameBuffer = stackalloc JsonNameSet.Entry[JsonNameSet.Capacity];
        var names = new JsonNameSet(nameBuffer);
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(_options));
        var depth = -1;
        var objects = 0;
        var child = _all; // pointers the next value may complete or lead into (the root: every pointer)
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    return JsonFieldStatus.NeedsDocument;
                }

                if (!names.TryAdd(json, objectIds[depth], (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, out var full))
                {
                    return full ? JsonFieldStatus.NeedsDocument : JsonFieldStatus.DuplicateKey;
                }

                child = MatchName(masks[depth], depth, reader.ValueSpan);
                continue;
            }

            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                depth--;
                continue;
            }

            if (depth >= 0 && nextIndex[depth] >= 0)
            {
                child = MatchIndex(masks[depth], depth, nextIndex[depth]++); // an array element
            }

            // A value at depth + 1: the pointers of exactly that length that led here name it.
            var complete = child & Ending(depth + 1);
            if (token == JsonTokenType.String && reader.ValueIsEscaped && complete != 0)
            {
                return JsonFieldStatus.NeedsDocument; // an escape may hide a lone surrogate: the document decides
            }

            var start = (int)reader.TokenStartIndex + (token == JsonTokenType.String ? 1 : 0);
            for (var bits = complete; bits != 0; bits &= bits - 1)
            {
                values[BitOperations.TrailingZeroCount(bits)] = new Value(token, start, token is JsonTokenType.StartObject or JsonTokenType.StartArray ? 0 : reader.ValueSpan.Length);
            }

            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                depth++;
                masks[depth] = child & ~complete;
                nextIndex[depth] = token == JsonTokenType.StartArray ? 0 : -1;
                objectIds[depth] = token == JsonTokenType.StartObject ? ++objects : 0;
            }

            child = 0;
        }

        return JsonFieldStatus.Read;
    }

    private ulong Ending(int length) => _endingAt[length];

    private ulong MatchName(ulong candidates, int depth, ReadOnlySpan<byte> name)
    {
        var matched = 0UL;
        for (var bits = candidates; bits != 0; bits &= bits - 1)
        {
            var p = BitOperations.TrailingZeroCount(bits);
            if (_names[p].Length > depth && _names[p][depth].AsSpan().SequenceEqual(name))
            {
                matched |= 1UL << p;
            }
        }

        return matched;
    }

    private ulong MatchIndex(ulong candidates, int depth, int index)
    {
        var matched = 0UL;
        for (var bits = candidates; bits != 0; bits &= bits - 1)
        {
            var p = BitOperations.TrailingZeroCount(bits);
            if (_indexes[p].Length > depth && _indexes[p][depth] == index)
            {
                matched |= 1UL << p;
            }
        }

        return matched;
    }
}
