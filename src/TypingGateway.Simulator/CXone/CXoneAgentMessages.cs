namespace TypingGateway.Simulator.CXone;

/// <summary>Plays the agent on demand: pushes an agent's text message to every open tab of a guest.</summary>
internal sealed class CXoneAgentMessages(CXoneSessionStore sessions, TimeProvider timeProvider)
{
    /// <summary>
    /// Pushes <paramref name="text"/> on <paramref name="threadId"/>, or on the thread the guest's frames named last;
    /// returns the number of tabs reached, or null when no thread is known.
    /// </summary>
    public async Task<int?> PushAsync(string session, string? threadId, string text, CancellationToken cancellationToken)
    {
        threadId ??= sessions.LatestThread(session);
        if (threadId is null)
        {
            return null;
        }

        var frame = CXoneFrames.AgentMessageCreated(threadId, text, sessions.CaseIdFor(threadId), timeProvider.GetUtcNow());
        var connections = sessions.Connections(session);
        foreach (var connection in connections)
        {
            await connection.SendTextAsync(frame, cancellationToken);
        }

        return connections.Length;
    }
}
