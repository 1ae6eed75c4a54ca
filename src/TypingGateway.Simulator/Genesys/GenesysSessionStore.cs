using Microsoft.Extensions.Options;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Genesys;

/// <summary>Configured sessions (by guest token), their open connections, rate windows and reply scripts.</summary>
internal sealed class GenesysSessionStore(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GenesysSessionState> _sessions = new(StringComparer.Ordinal);
    private readonly SessionConnections _connections = new();
    private readonly GenesysSimulatorOptions _options = options.Value.Genesys;

    /// <summary>Registers the session and the connection; returns whether the token was new.</summary>
    public bool Configure(string token, SimulatorConnection connection)
    {
        _connections.Add(token, connection);
        lock (_lock)
        {
            return _sessions.TryAdd(token, new GenesysSessionState());
        }
    }

    public bool IsConfigured(string token)
    {
        lock (_lock)
        {
            return _sessions.ContainsKey(token);
        }
    }

    /// <summary>
    /// Sliding-window limit: accepts when fewer than MessagesPerSecond onMessage requests were accepted
    /// in the last second. Rejected requests are not counted, as Genesys only counts what it processed.
    /// </summary>
    public bool TryAcquireMessageSlot(string token)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_sessions.TryGetValue(token, out var state))
            {
                return false;
            }

            var times = state.AcceptedTimes;
            while (times.Count > 0 && now - times.Peek() >= GenesysDefaults.RateWindow)
            {
                times.Dequeue();
            }

            if (times.Count >= _options.MessagesPerSecond)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    /// <summary>The next scripted agent reply for the session, cycling through the configured list.</summary>
    public string NextAgentReply(string token)
    {
        var replies = _options.AgentReplies;
        if (replies.Count == 0)
        {
            return GenesysDefaults.AgentReply;
        }

        lock (_lock)
        {
            var index = 0;
            if (_sessions.TryGetValue(token, out var state))
            {
                index = state.NextReplyIndex;
                state.NextReplyIndex = (index + 1) % replies.Count;
            }

            return replies[index % replies.Count];
        }
    }

    public SimulatorConnection[] Connections(string token) => _connections.Snapshot(token);

    public void Leave(SimulatorConnection connection) => _connections.RemoveEverywhere(connection);

    /// <summary>Forgets configured sessions and rate windows; open sockets stay attached to their tokens.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _sessions.Clear();
        }
    }
}
