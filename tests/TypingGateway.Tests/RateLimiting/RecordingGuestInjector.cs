using System.Collections.Concurrent;
using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>Records the text frames sent to the guest, in order.</summary>
internal sealed class RecordingGuestInjector : IGuestInjector
{
    private readonly ConcurrentQueue<string> _frames = new();

    public IReadOnlyList<string> Frames => [.. _frames];

    public bool TryInjectToGuest(ReadOnlyMemory<byte> utf8Text)
    {
        _frames.Enqueue(Encoding.UTF8.GetString(utf8Text.Span));
        return true;
    }
}
