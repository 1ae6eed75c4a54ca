using System.Collections.Concurrent;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>Open connections per visitor, and the case number of each thread.</summary>
internal sealed class CXoneSessionStore
{
    private readonly SessionConnections _connections = new();
    private readonly ConcurrentDictionary<string, long> _caseIds = new(StringComparer.Ordinal);
    private long _lastCaseId;

    public void Join(string visitorId, SimulatorConnection connection) => _connections.Add(visitorId, connection);

    public void Leave(SimulatorConnection connection) => _connections.RemoveEverywhere(connection);

    public SimulatorConnection[] Connections(string visitorId) => _connections.Snapshot(visitorId);

    /// <summary>A thread keeps its case for its lifetime, as a CXone contact does until it is closed.</summary>
    public long CaseIdFor(string threadId) => _caseIds.GetOrAdd(threadId, _ => Interlocked.Increment(ref _lastCaseId));

    public void Reset() => _caseIds.Clear();
}
