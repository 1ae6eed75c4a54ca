using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>A size limit that counts what the filter tells it; <paramref name="discard"/> says whether it has an answer for the guest.</summary>
internal sealed class RecordingMessageSizeLimit(long maxMessageBytes, bool discard = true) : IGuestMessageSizeLimit
{
    public long MaxMessageBytes => maxMessageBytes;

    /// <summary>Calls of <see cref="TryDiscardMessage"/>: messages over the limit from their first frame.</summary>
    public int Rejected { get; private set; }

    public int Closed { get; private set; }

    /// <summary>Runs inside <see cref="TryDiscardMessage"/>, e.g. to inject the way the owner would.</summary>
    public Action? OnRejected { get; set; }

    public bool TryDiscardMessage()
    {
        Rejected++;
        OnRejected?.Invoke();
        return discard;
    }

    public void OnClosedOverLimit() => Closed++;
}
