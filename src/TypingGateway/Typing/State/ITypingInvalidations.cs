namespace TypingGateway.Typing.State;

/// <summary>
/// Tells a process-local cache that a key's burst ended on some instance (a message, a forwarded stop or a
/// synthesized stop), so a suppression window it remembers no longer holds. Implemented over Redis pub/sub.
/// </summary>
internal interface ITypingInvalidations
{
    /// <summary>
    /// True while the end of <paramref name="key"/>'s burst would be delivered; starts listening for it on first use
    /// (on a Redis Cluster each slot has its own channel). A cache must not answer from memory for a key while this
    /// is false: it could miss the end of its burst.
    /// </summary>
    bool EnsureActive(TypingKey key);

    /// <summary>
    /// Registers <paramref name="invalidated"/>: called with the key whose burst ended, or with null when
    /// delivery was interrupted and every remembered window must be dropped.
    /// </summary>
    void Register(Action<TypingKey?> invalidated);
}
