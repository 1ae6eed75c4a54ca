namespace TypingGateway.RateLimiting;

/// <summary>The answer of a GCRA store for one permit.</summary>
/// <param name="Allowed">The permit was taken (after <see cref="Delay"/>, when shaping).</param>
/// <param name="Delay">Allowed: how long the caller must wait before acting (zero unless shaping).</param>
/// <param name="RetryAfter">Rejected: when a permit will be available again.</param>
/// <param name="Remaining">Allowed: permits still available at once after this one.</param>
internal readonly record struct GcraDecision(bool Allowed, TimeSpan Delay, TimeSpan RetryAfter, int Remaining);
