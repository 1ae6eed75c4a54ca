using System.Text.Json;

namespace TypingGateway.Protocols;

/// <summary>The containers and fields of one frame format, as a <see cref="JsonFieldReader{TSchema}"/> walks it.</summary>
internal interface IJsonFieldSchema
{
    /// <summary>The field (non-zero) a property <paramref name="name"/> of <paramref name="container"/> is, or 0 for one not read.</summary>
    static abstract byte FieldOf(byte container, ReadOnlySpan<byte> name);

    /// <summary>The container (non-zero) an object or array opened at <paramref name="depth"/> is, given its parent and the field it is the value of; 0 for one not read.</summary>
    static abstract byte ContainerOf(int depth, byte parent, byte field, bool isObject);
}

/// <summary>What a <see cref="JsonFieldReader{TSchema}"/> made of the frame.</summary>
internal enum JsonFieldStatus : byte
{
    /// <summary>Valid so far; every field value shown.</summary>
    Read,

    /// <summary>A key repeated in one object: the frame is not recognised (design §3).</summary>
    DuplicateKey,

    /// <summary>An escaped name, an escaped value of a field, or more names than the stack buffer: read the document instead.</summary>
    NeedsDocument,
}

/// <summary>
/// One forward-only pass over a small JSON frame (a guest's WebSocket text or request body) that shows its caller the
/// scalar values of the fields a schema names, by container, and nothing else: every key of every object is checked for
/// duplicates on the caller's stack buffers, and syntax errors throw <see cref="JsonException"/> as the framework's reader
/// does. Allocates nothing. What it cannot decide in place it reports as <see cref="JsonFieldStatus.NeedsDocument"/>,
/// for the caller's document-based reading (which gives the same answers, only slower).
/// </summary>
internal ref struct JsonFieldReader<TSchema>
    where TSchema : IJsonFieldSchema
{
    /// <summary>The nesting limit of guest frames, as the document reading's.</summary>
    public const int MaxDepth = 32;

    /// <summary>Containers the stack buffers must hold.</summary>
    public const int StackSize = MaxDepth + 2;

    private readonly ReadOnlySpan<byte> _json;
    private readonly Span<byte> _containers;
    private readonly Span<int> _objectIds;
    private Utf8JsonReader _reader;
    private JsonNameSet _names;
    private int _depth;
    private int _objects;
    private byte _field;
    private byte _current;

    /// <param name="json">The frame, starting with <c>{</c>.</param>
    /// <param name="containers">At least <see cref="StackSize"/>.</param>
    /// <param name="objectIds">At least <see cref="StackSize"/>.</param>
    /// <param name="names">The name buffer (<see cref="JsonNameSet.Capacity"/>).</param>
    public JsonFieldReader(ReadOnlySpan<byte> json, Span<byte> containers, Span<int> objectIds, Span<JsonNameSet.Entry> names)
    {
        _json = json;
        _containers = containers;
        _objectIds = objectIds;
        _reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = MaxDepth }));
        _names = new JsonNameSet(names);
        _depth = -1;
    }

    public JsonFieldStatus Status { get; private set; }

    /// <summary>The field whose value <see cref="Next"/> stopped at.</summary>
    public readonly byte Field => _current;

    /// <summary>The value's token: String, Number, True, False or Null.</summary>
    public readonly JsonTokenType TokenType => _reader.TokenType;

    /// <summary>The value's raw bytes (a string's without quotes; never escaped: an escaped field value is <see cref="JsonFieldStatus.NeedsDocument"/>).</summary>
    public readonly ReadOnlySpan<byte> Value => _reader.ValueSpan;

    /// <summary>Where <see cref="Value"/> starts in the frame.</summary>
    public readonly int ValueStart => (int)_reader.TokenStartIndex + (_reader.TokenType == JsonTokenType.String ? 1 : 0);

    /// <summary>
    /// Moves to the next scalar value of a named field. False at the end of the frame, or once <see cref="Status"/> is not
    /// <see cref="JsonFieldStatus.Read"/> (the caller then stops and acts on it).
    /// </summary>
    /// <exception cref="JsonException">The frame is not valid JSON, or nests deeper than <see cref="MaxDepth"/>.</exception>
    public bool Next()
    {
        while (Status == JsonFieldStatus.Read && _reader.Read())
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var isObject = _reader.TokenType == JsonTokenType.StartObject;
                    var parent = _depth < 0 ? (byte)0 : _containers[_depth];
                    _depth++;
                    _containers[_depth] = parent == 0 && _depth > 0 ? (byte)0 : TSchema.ContainerOf(_depth, parent, _field, isObject);
                    _objectIds[_depth] = isObject ? ++_objects : 0;
                    _field = 0;
                    break;

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _depth--;
                    _field = 0;
                    break;

                case JsonTokenType.PropertyName:
                    if (_reader.ValueIsEscaped)
                    {
                        Status = JsonFieldStatus.NeedsDocument;
                        return false;
                    }

                    if (!_names.TryAdd(_json, _objectIds[_depth], (int)_reader.TokenStartIndex + 1, _reader.ValueSpan.Length, out var full))
                    {
                        Status = full ? JsonFieldStatus.NeedsDocument : JsonFieldStatus.DuplicateKey;
                        return false;
                    }

                    var container = _containers[_depth];
                    _field = container == 0 ? (byte)0 : TSchema.FieldOf(container, _reader.ValueSpan);
                    break;

                default:
                    if (_field == 0)
                    {
                        break;
                    }

                    if (_reader.TokenType == JsonTokenType.String && _reader.ValueIsEscaped)
                    {
                        Status = JsonFieldStatus.NeedsDocument; // an escape may hide a lone surrogate, which only the document handles
                        return false;
                    }

                    _current = _field;
                    _field = 0;
                    return true;
            }
        }

        return false;
    }
}
