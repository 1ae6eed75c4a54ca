using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>Drops the payloads <paramref name="drop"/> says to drop (by default: exactly the typing marker) and records every call.</summary>
internal sealed class RecordingInspector(Func<string, bool>? drop = null, bool yieldFirst = false) : IGuestFrameInspector
{
    private readonly Func<string, bool> _drop = drop ?? (text => text == TestFrames.TypingMarker);

    public List<string> Seen { get; } = [];

    /// <summary>Runs inside each call, e.g. to inject or cancel the way the owner would.</summary>
    public Action<string>? OnInspect { get; set; }

    public async ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        var text = Encoding.UTF8.GetString(utf8Payload.Span);
        Seen.Add(text);
        OnInspect?.Invoke(text);
        return _drop(text) ? FrameVerdict.Drop : FrameVerdict.Forward;
    }
}
