namespace TypingGateway.Typing.State;

/// <summary>
/// A state store that also tells, with a start's decision, how long further starts of the key will be
/// suppressed: what <see cref="NearCacheTypingStateStore"/> needs to answer them without a round trip.
/// </summary>
internal interface IWindowedTypingStateStore : ITypingStateStore
{
    /// <summary>The transition of <see cref="ITypingStateStore.StartAsync"/>, with the suppression window that follows it.</summary>
    ValueTask<TypingStartResult> StartWithWindowAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);
}
