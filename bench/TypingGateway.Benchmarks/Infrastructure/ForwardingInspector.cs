using TypingGateway.WebSockets;

namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>Forwards every candidate at once: isolates what the filter itself costs to buffer, unmask and show a frame.</summary>
internal sealed class ForwardingInspector : IGuestFrameInspector
{
    public ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken) =>
        new(FrameVerdict.Forward);
}
