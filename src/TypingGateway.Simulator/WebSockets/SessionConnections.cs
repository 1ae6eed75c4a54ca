namespace TypingGateway.Simulator.WebSockets;

/// <summary>Open connections per session key: a guest with several tabs has several.</summary>
internal sealed class SessionConnections
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<SimulatorConnection>> _bySession = new(StringComparer.Ordinal);

    public void Add(string session, SimulatorConnection connection)
    {
        lock (_lock)
        {
            if (!_bySession.TryGetValue(session, out var set))
            {
                set = [];
                _bySession[session] = set;
            }

            set.Add(connection);
        }
    }

    public void Remove(string session, SimulatorConnection connection)
    {
        lock (_lock)
        {
            if (_bySession.TryGetValue(session, out var set) && set.Remove(connection) && set.Count == 0)
            {
                _bySession.Remove(session);
            }
        }
    }

    public SimulatorConnection[] Snapshot(string session)
    {
        lock (_lock)
        {
            return _bySession.TryGetValue(session, out var set) ? [.. set] : [];
        }
    }

    /// <summary>Removes a closed connection from every session it joined.</summary>
    public void RemoveEverywhere(SimulatorConnection connection)
    {
        lock (_lock)
        {
            foreach (var (session, set) in _bySession.ToArray())
            {
                if (set.Remove(connection) && set.Count == 0)
                {
                    _bySession.Remove(session);
                }
            }
        }
    }
}
