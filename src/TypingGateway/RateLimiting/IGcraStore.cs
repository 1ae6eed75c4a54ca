namespace TypingGateway.RateLimiting;

/// <summary>
/// Where GCRA state lives: Redis (shared by all instances, Redis server time) or process memory.
/// One call takes at most one permit of one partition of one policy, atomically.
/// </summary>
internal interface IGcraStore
{
    /// <param name="policy">The policy's name (part of the key).</param>
    /// <param name="partition">The partition (guest, session, IP, …), already safe as a key part (<c>TypingKey.Create(policy, value).Id</c>: no braces, bounded).</param>
    /// <param name="limits">Rate, burst and the shaping allowance.</param>
    /// <param name="cancellationToken">Cancels the wait for the store, not a decision already taken.</param>
    /// <exception cref="Exception">The Redis store throws when Redis is unreachable or slow; the fallback store never does.</exception>
    ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken);
}
