namespace TypingGateway.WebSockets;

/// <summary>
/// Finds frame boundaries in a byte stream that arrives in arbitrary chunks, without copying it: only a
/// header split across chunks is carried over (at most 13 bytes). Used where bytes pass straight through
/// (the upstream → guest direction), so that the gateway can add frames between messages.
/// </summary>
internal sealed class WebSocketFrameScanner(WebSocketFrameDirection direction, PlatformRejectionDetector? rejections = null)
{
    private readonly byte[] _partialHeader = new byte[WebSocketFrameHeader.MaxHeaderLength];
    private int _partialHeaderLength;
    private long _remainingPayload;

    // Whether the payload passing now is part of a text message shown to the rejection detector, and whether the
    // message under way (fragments continue it, control frames interleave) is one.
    private bool _observingFrame;
    private bool _observingMessage;

    public WebSocketMessageState Messages { get; } = new(direction);

    /// <summary>Between two frames (no header or payload half seen) and not inside a fragmented message.</summary>
    public bool AtMessageBoundary => _partialHeaderLength == 0 && _remainingPayload == 0 && Messages.AtMessageBoundary;

    /// <summary>
    /// Advances over <paramref name="data"/>. With <paramref name="stopAtMessageBoundary"/>, stops right
    /// after the first frame that ends on a message boundary, so the caller can insert a frame there.
    /// </summary>
    /// <returns>Bytes consumed: all of them, or fewer when stopped at a boundary (always at least one byte of a non-empty span).</returns>
    public int Scan(ReadOnlySpan<byte> data, bool stopAtMessageBoundary)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            if (Messages.Broken)
            {
                return data.Length;
            }

            if (_remainingPayload > 0)
            {
                var take = (int)Math.Min(_remainingPayload, data.Length - offset);
                if (_observingFrame)
                {
                    rejections!.Observe(data.Slice(offset, take));
                }

                offset += take;
                _remainingPayload -= take;
            }
            else if (!TryConsumeHeader(data, ref offset))
            {
                return data.Length;
            }

            if (stopAtMessageBoundary && AtMessageBoundary)
            {
                return offset;
            }
        }

        return offset;
    }

    private void Observe(in WebSocketFrameHeader header)
    {
        switch (header.Opcode)
        {
            case WebSocketOpcode.Text:
                _observingMessage = true;
                rejections!.BeginMessage();
                break;
            case WebSocketOpcode.Binary:
                _observingMessage = false;
                break;
        }

        _observingFrame = _observingMessage && header.Opcode is WebSocketOpcode.Text or WebSocketOpcode.Continuation;
    }

    /// <returns>False when the rest of <paramref name="data"/> was swallowed: a partial header kept for later, or a broken stream.</returns>
    private bool TryConsumeHeader(ReadOnlySpan<byte> data, ref int offset)
    {
        WebSocketFrameParseStatus status;
        WebSocketFrameHeader header;
        int headerBytesHere;
        if (_partialHeaderLength == 0)
        {
            status = WebSocketFrameHeader.TryParse(data[offset..], out header);
            headerBytesHere = header.HeaderLength;
        }
        else
        {
            // Complete the carried-over header: at most 14 bytes in all, always enough to decide.
            var copy = Math.Min(_partialHeader.Length - _partialHeaderLength, data.Length - offset);
            data.Slice(offset, copy).CopyTo(_partialHeader.AsSpan(_partialHeaderLength));
            status = WebSocketFrameHeader.TryParse(_partialHeader.AsSpan(0, _partialHeaderLength + copy), out header);
            headerBytesHere = header.HeaderLength - _partialHeaderLength;
        }

        switch (status)
        {
            case WebSocketFrameParseStatus.NeedMoreData:
                // Only possible when the rest of the chunk is shorter than the header.
                var rest = data[offset..];
                rest.CopyTo(_partialHeader.AsSpan(_partialHeaderLength));
                _partialHeaderLength += rest.Length;
                return false;
            case WebSocketFrameParseStatus.Invalid:
                Messages.MarkBroken();
                return false;
            default:
                _partialHeaderLength = 0;
                if (!Messages.TryStartFrame(header))
                {
                    return false;
                }

                offset += headerBytesHere;
                _remainingPayload = header.PayloadLength;
                if (rejections is not null)
                {
                    Observe(header);
                }

                return true;
        }
    }
}
