using System.Collections.Concurrent;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>Open connections per guest, the case number of each thread, and each guest's latest thread.</summary>
internal sealed class CXoneSessionStore
{
    private readonly SessionConnections _connections = new();
    private readonly ConcurrentDictionary<string, long> _caseIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _latestThreads = new(StringComparer.Ordinal);
    private long _lastCaseId;

    public void Join(string session, SimulatorConnection connection) => _connections.Add(session, connection);

    public void Leave(SimulatorConnection connection) => _connections.RemoveEverywhere(connection);

    public SimulatorConnection[] Connections(string session) => _connections.Snapshot(session);

    /// <summary>A thread keeps its case for its lifetime, as a CXone contact does until it is closed.</summary>
    public long CaseIdFor(string threadId) => _caseIds.GetOrAdd(threadId, _ => Interlocked.Increment(ref _lastCaseId));

    /// <summary>Remembers the thread a guest's frame named, so an agent message needs only the guest.</summary>
    public void SeeThread(string session, string threadId) => _latestThreads[session] = threadId;

    public string? LatestThread(string session) => _latestThreads.TryGetValue(session, out var threadId) ? threadId : null;

    public void Reset()
    {
        _caseIds.Clear();
        _latestThreads.Clear();
    }
}
