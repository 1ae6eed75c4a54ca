namespace TypingGateway.Typing;

/// <summary>Sends gateway-made frames to the upstream on one guest connection, at message boundaries.</summary>
internal interface IUpstreamInjector
{
    /// <summary>Queues a text message for the upstream; false when the connection can no longer take it.</summary>
    bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8Text);

    /// <summary>Drops queued frames not yet sent (a real message overtakes a pending synthesized stop).</summary>
    /// <returns>How many were dropped.</returns>
    int CancelPendingInjections();
}
