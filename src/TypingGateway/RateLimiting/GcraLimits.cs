namespace TypingGateway.RateLimiting;

/// <summary>
/// The parameters of one GCRA decision (generic cell rate algorithm, equivalent to a token bucket of
/// <see cref="Burst"/> tokens refilled at <see cref="PermitsPerSecond"/>): how fast, how bursty, and how long
/// a caller that shapes instead of rejecting may be made to wait.
/// </summary>
/// <param name="PermitsPerSecond">Sustained rate; the emission interval is its inverse.</param>
/// <param name="Burst">How many permits may be taken at once from idle (at least 1).</param>
/// <param name="MaxDelay">Zero: reject when over the limit. Positive: admit with a delay up to this long (shaping), reject beyond.</param>
internal readonly record struct GcraLimits(double PermitsPerSecond, int Burst, TimeSpan MaxDelay)
{
    /// <summary>The same limits for one of <paramref name="instances"/> instances sharing the budget without Redis.</summary>
    public GcraLimits PerInstance(int instances) =>
        instances <= 1 ? this : new(PermitsPerSecond / instances, Math.Max(1, Burst / instances), MaxDelay);
}
