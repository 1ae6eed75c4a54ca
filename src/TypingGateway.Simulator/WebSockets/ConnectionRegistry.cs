using System.Collections.Concurrent;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>Every open WebSocket of every endpoint, so the control API can drop them all.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<SimulatorConnection, byte> _open = new();

    public void Add(SimulatorConnection connection) => _open.TryAdd(connection, 0);

    public void Remove(SimulatorConnection connection) => _open.TryRemove(connection, out _);

    public int AbortAll()
    {
        var dropped = 0;
        foreach (var connection in _open.Keys)
        {
            if (_open.TryRemove(connection, out _) && connection.Abort())
            {
                dropped++;
            }
        }

        return dropped;
    }
}
