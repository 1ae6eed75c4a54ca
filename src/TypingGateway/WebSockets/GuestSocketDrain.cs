using System.Collections.Concurrent;

namespace TypingGateway.WebSockets;

/// <summary>
/// The instance's filtered guest WebSockets, so a stop can tell each one "going away" (Close 1001) at a message
/// boundary and wait until they are gone. Once draining, a connection that still opens is told at once, and new
/// upgrades are refused (<see cref="UpgradeLimit"/>). Thread-safe.
/// </summary>
internal sealed class GuestSocketDrain
{
    public const ushort GoingAway = WebSocketStreamFilter.GoingAwayStatus;

    public const string GoingAwayReason = "going away";

    private readonly ConcurrentDictionary<WebSocketStreamFilter, byte> _open = new();
    private TaskCompletionSource? _empty;
    private volatile bool _draining;

    /// <summary>True from the start of a stop: readiness is off and upgrades are refused.</summary>
    public bool IsDraining => _draining;

    /// <summary>Filtered guest WebSockets open now.</summary>
    public int Count => _open.Count;

    /// <summary>Tracks <paramref name="filter"/> until the returned registration is disposed (the connection ended).</summary>
    public Registration Track(WebSocketStreamFilter filter)
    {
        _open.TryAdd(filter, 0);
        if (_draining)
        {
            filter.TryCloseGuest(GoingAway, GoingAwayReason); // opened while the stop began: told at once
        }

        return new Registration(this, filter);
    }

    /// <summary>Starts draining: every open guest WebSocket gets Close 1001 at its next message boundary.</summary>
    /// <returns>How many connections were told.</returns>
    public int BeginDrain()
    {
        _draining = true;
        var told = 0;
        foreach (var filter in _open.Keys)
        {
            told += filter.TryCloseGuest(GoingAway, GoingAwayReason) ? 1 : 0;
        }

        return told;
    }

    /// <summary>Completes when no tracked connection is left, or throws when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        while (!_open.IsEmpty)
        {
            var empty = LazyInitializer.EnsureInitialized(ref _empty, static () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_open.IsEmpty)
            {
                return;
            }

            await empty.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Remove(WebSocketStreamFilter filter)
    {
        if (_open.TryRemove(filter, out _) && _open.IsEmpty)
        {
            Interlocked.Exchange(ref _empty, null)?.TrySetResult();
        }
    }

    /// <summary>One tracked connection; disposing it untracks the connection.</summary>
    public readonly struct Registration(GuestSocketDrain drain, WebSocketStreamFilter filter) : IDisposable
    {
        public void Dispose() => drain?.Remove(filter);
    }
}
