namespace TypingGateway.RateLimiting;

/// <summary>The answer of a GCRA store for one permit, or for a lease of several (<see cref="GcraLimits.Lease"/>).</summary>
/// <param name="Allowed">The permit was taken (after <see cref="Delay"/>, when shaping).</param>
/// <param name="Delay">Allowed: how long the caller must wait before acting (zero unless shaping).</param>
/// <param name="RetryAfter">Rejected: when a permit will be available again.</param>
/// <param name="Remaining">Allowed: permits still available at once after those taken.</param>
/// <param name="Granted">
/// Allowed: how many permits were taken, 1 unless the call asked for a lease (then between 1 and <see cref="GcraLimits.Lease"/>);
/// rejected: 0.
/// </param>
internal readonly record struct GcraDecision(bool Allowed, TimeSpan Delay, TimeSpan RetryAfter, int Remaining, int Granted = 1);
