using TypingGateway.Typing;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Running totals of this instance for the JSON summary, fed by <see cref="GatewayMetrics"/> from the same calls as the
/// instruments (so the summary and <c>/metrics</c> cannot disagree). Lock-free; read as a snapshot.
/// </summary>
internal sealed class GatewaySummaryTotals
{
    private long _events;
    private long _delivered;
    private long _suppressed;
    private long _failed;
    private long _latencyTicks;
    private long _latencyCount;
    private long _replays;
    private long _connections;
    private long _platformRejections;

    /// <summary>Typing signals guests sent (starts, stops, previews).</summary>
    public long TotalEvents => Interlocked.Read(ref _events);

    /// <summary>
    /// Typing signals that reached the upstream: on WebSockets those the gateway forwarded (all of them on a shadow route),
    /// over HTTP those the upstream answered with success, and synthesized stops delivered (not a shadow route's, which
    /// are only counted).
    /// </summary>
    public long SuccessfulDeliveries => Interlocked.Read(ref _delivered);

    /// <summary>Typing signals collapsed by the gateway (on enforcing routes; a shadow route delivers them and counts them as delivered).</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Forwarded HTTP typing calls the upstream did not answer with success, and synthesized stops not delivered.</summary>
    public long FailedDeliveries => Interlocked.Read(ref _failed);

    /// <summary>Mean time the upstream took on forwarded HTTP typing calls, in ms; 0 before the first.</summary>
    public double AverageLatencyMs
    {
        get
        {
            var count = Interlocked.Read(ref _latencyCount);
            return count == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks) / count).TotalMilliseconds;
        }
    }

    /// <summary>Requests replayed once with a renewed token after the upstream answered 401.</summary>
    public long RetryCount => Interlocked.Read(ref _replays);

    /// <summary>Open guest WebSockets on typing routes.</summary>
    public long ActiveSessions => Interlocked.Read(ref _connections);

    /// <summary>Rate-limit rejections the platform answered guests with.</summary>
    public long PlatformRejections => Interlocked.Read(ref _platformRejections);

    internal void TypingFrame(string signal, string result, bool shadow, bool deliveryKnown)
    {
        if (result == TypingSignalNames.Received || signal == TypingSignalNames.Preview)
        {
            Interlocked.Increment(ref _events);
        }

        switch (result)
        {
            case TypingSignalNames.Synthesized when !shadow:
            case TypingSignalNames.Forwarded or TypingSignalNames.Unkeyed when deliveryKnown:
                Interlocked.Increment(ref _delivered);
                break;
            case TypingSignalNames.Suppressed when shadow:
                // Let through all the same: delivered (over HTTP: counted when the upstream answers).
                if (deliveryKnown)
                {
                    Interlocked.Increment(ref _delivered);
                }

                break;
            case TypingSignalNames.Suppressed:
                Interlocked.Increment(ref _suppressed);
                break;
            case TypingSignalNames.Undelivered:
                Interlocked.Increment(ref _failed);
                break;
        }
    }

    internal void UpstreamTypingCall(TimeSpan elapsed, bool succeeded)
    {
        Interlocked.Add(ref _latencyTicks, elapsed.Ticks);
        Interlocked.Increment(ref _latencyCount);
        Interlocked.Increment(ref succeeded ? ref _delivered : ref _failed);
    }

    internal void Replayed() => Interlocked.Increment(ref _replays);

    internal void ConnectionOpened() => Interlocked.Increment(ref _connections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    internal void PlatformRejected() => Interlocked.Increment(ref _platformRejections);
}
