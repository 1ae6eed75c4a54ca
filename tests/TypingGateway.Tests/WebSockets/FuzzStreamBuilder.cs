using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// Generates a random frame stream for one direction, with the model of what the filter must output:
/// typing frames with random masks, other text, binary, fragmented messages with interleaved control
/// frames, oversized and RSV texts, and endings that are clean, a Close, garbage, or a truncated frame.
/// </summary>
internal sealed class FuzzStreamBuilder(Random random, WebSocketFrameDirection direction, int inspectionLimit)
{
    /// <summary>Gateway frames in the fuzz tests start with this; generated frames never do.</summary>
    public const string InjectionPrefix = """{"gw":""";

    private readonly List<byte> _input = [];
    private readonly List<byte> _expected = [];
    private readonly List<int> _boundaries = [0];
    private readonly List<string> _inspected = [];
    private readonly StringBuilder _description = new();
    private bool _inFragment;
    private bool _stopped;
    private int _dropped;
    private bool _hasHuge;

    private bool IsClient => direction == WebSocketFrameDirection.ClientToServer;

    public FuzzCase Build(bool allowHuge)
    {
        var messages = random.Next(1, 12);
        for (var i = 0; i < messages; i++)
        {
            AddMessage(allowHuge);
        }

        switch (random.Next(10))
        {
            case 0:
                Close();
                break;
            case 1:
                Garbage();
                break;
            case 2:
                Truncated();
                break;
            default:
                break;
        }

        return new FuzzCase([.. _input], [.. _expected], _boundaries, _inspected, _dropped, _hasHuge, _description.ToString());
    }

    private void AddMessage(bool allowHuge)
    {
        switch (random.Next(100))
        {
            case < 28:
                Frame(WebSocketOpcode.Text, TestFrames.TypingMarker, "typing");
                break;
            case < 40:
                Frame(WebSocketOpcode.Text, RandomText(random.Next(0, inspectionLimit)), "text");
                break;
            case < 48:
                Frame(WebSocketOpcode.Text, TestFrames.TypingMarker + " ", "typing-lookalike");
                break;
            case < 58:
                Frame(WebSocketOpcode.Binary, RandomBytes(random.Next(0, 300)), "binary");
                break;
            case < 72:
                Fragmented();
                break;
            case < 80:
                Frame(random.Next(2) == 0 ? WebSocketOpcode.Ping : WebSocketOpcode.Pong, Encoding.UTF8.GetBytes(TestFrames.TypingMarker), "control");
                break;
            case < 87:
                Frame(WebSocketOpcode.Text, RandomText(random.Next(inspectionLimit + 1, inspectionLimit + 400)), "oversized");
                break;
            case < 91:
                Frame(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(TestFrames.TypingMarker), "rsv", rsv: 1 << random.Next(3));
                break;
            case < 94:
                Frame(WebSocketOpcode.Text, [], "empty");
                break;
            case < 97:
                Frame(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(TestFrames.TypingMarker), "typing-126", lengthCode: 126);
                break;
            default:
                if (allowHuge)
                {
                    _hasHuge = true;
                    Frame(WebSocketOpcode.Binary, RandomBytes(random.Next(65536, 70000)), "huge");
                }

                break;
        }
    }

    private void Fragmented()
    {
        var opcode = random.Next(2) == 0 ? WebSocketOpcode.Text : WebSocketOpcode.Binary;
        var fragments = random.Next(2, 5);
        for (var i = 0; i < fragments; i++)
        {
            // A fragment carrying exactly the typing marker is still not a candidate.
            var payload = random.Next(3) == 0 ? Encoding.UTF8.GetBytes(TestFrames.TypingMarker) : RandomText(random.Next(0, 40));
            Frame(i == 0 ? opcode : WebSocketOpcode.Continuation, payload, "fragment", fin: i == fragments - 1);
            if (i < fragments - 1 && random.Next(2) == 0)
            {
                Frame(random.Next(2) == 0 ? WebSocketOpcode.Ping : WebSocketOpcode.Pong, RandomBytes(random.Next(0, 20)), "interleaved");
            }
        }
    }

    private void Frame(WebSocketOpcode opcode, string text, string kind) => Frame(opcode, Encoding.UTF8.GetBytes(text), kind);

    private void Frame(WebSocketOpcode opcode, byte[] payload, string kind, bool fin = true, int rsv = 0, int? lengthCode = null)
    {
        var bytes = TestFrames.Build(opcode, payload, fin, IsClient ? (uint)random.NextInt64(0, 1L << 32) : null, rsv, lengthCode);
        var candidate = IsClient && !_stopped && opcode == WebSocketOpcode.Text && fin && rsv == 0 && !_inFragment && payload.Length <= inspectionLimit;
        var text = Encoding.UTF8.GetString(payload);
        var drop = candidate && text == TestFrames.TypingMarker;
        _description.Append(kind).Append(drop ? "(drop) " : " ");
        _input.AddRange(bytes);
        if (candidate)
        {
            _inspected.Add(text);
        }

        if (drop)
        {
            _dropped++;
        }
        else
        {
            _expected.AddRange(bytes);
        }

        if (opcode is WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Continuation)
        {
            _inFragment = !fin;
        }

        if (!_inFragment && !_stopped)
        {
            _boundaries.Add(_expected.Count);
        }
    }

    private void Close()
    {
        Frame(WebSocketOpcode.Close, [0x03, 0xE8], "close");

        // Injection ends where the Close frame starts.
        _boundaries.RemoveAt(_boundaries.Count - 1);
        _stopped = true;
    }

    private void Garbage()
    {
        if (random.Next(2) == 0)
        {
            // Unparseable from inside a fragmented message, too.
            Frame(WebSocketOpcode.Text, RandomText(5), "fragment", fin: false);
        }

        _stopped = true;
        byte[] garbage = random.Next(5) switch
        {
            0 => [(byte)(0x80 | random.Next(3, 8)), .. RandomBytes(random.Next(1, 30))],
            1 => TestFrames.Build(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(TestFrames.TypingMarker), mask: IsClient ? null : 0x01020304),
            2 => _inFragment ? TestFrames.Build(WebSocketOpcode.Text, [0x41], mask: IsClient ? 7u : null) : TestFrames.Build(WebSocketOpcode.Continuation, [0x41], mask: IsClient ? 7u : null),
            3 => TestFrames.Build(WebSocketOpcode.Ping, [], fin: false, mask: IsClient ? 7u : null),
            _ => [0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, .. RandomBytes(8)],
        };
        _description.Append("garbage ");
        _input.AddRange(garbage);
        _expected.AddRange(garbage);

        // Everything after the garbage passes through untouched, typing frames included.
        var more = random.Next(0, 4);
        for (var i = 0; i < more; i++)
        {
            AddMessage(allowHuge: false);
        }
    }

    private void Truncated()
    {
        // The guest leaves inside a frame: the partial frame passes through as received, uninspected.
        var (opcode, payload) = random.Next(3) switch
        {
            0 => (WebSocketOpcode.Text, Encoding.UTF8.GetBytes(TestFrames.TypingMarker)),
            1 => (WebSocketOpcode.Text, RandomText(random.Next(0, inspectionLimit))),
            _ => (WebSocketOpcode.Binary, RandomBytes(random.Next(0, 300))),
        };
        var frame = TestFrames.Build(opcode, payload, mask: IsClient ? (uint)random.NextInt64(0, 1L << 32) : null);
        var partial = frame[..random.Next(1, frame.Length)];
        _input.AddRange(partial);
        _expected.AddRange(partial);
        _stopped = true;
        _description.Append("truncated ");
    }

    private byte[] RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7F);
        }

        if (length > 0 && chars[0] == '{')
        {
            chars[0] = '[';
        }

        return Encoding.ASCII.GetBytes(chars);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
