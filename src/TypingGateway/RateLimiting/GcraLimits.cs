namespace TypingGateway.RateLimiting;

/// <summary>
/// The parameters of one GCRA decision (generic cell rate algorithm, equivalent to a token bucket of
/// <see cref="Burst"/> tokens refilled at <see cref="PermitsPerSecond"/>): how fast, how bursty, and how long
/// a caller that shapes instead of rejecting may be made to wait.
/// </summary>
/// <param name="PermitsPerSecond">Sustained rate; the emission interval is its inverse.</param>
/// <param name="Burst">How many permits may be taken at once from idle (at least 1).</param>
/// <param name="MaxDelay">Zero: reject when over the limit. Positive: admit with a delay up to this long (shaping), reject beyond.</param>
/// <param name="Reserve">
/// Permits this call must leave free for others: it is admitted only if that many could still be taken at once after
/// it. Typing on a platform that counts it in the message budget passes 1, so a message can always follow it at once.
/// A reserve of the whole burst or more admits nothing.
/// </param>
/// <param name="BusyFor">
/// What the caller knows of the partition beyond the store: its bucket is drained at least until this long from now
/// (the TAT is taken as at least now + BusyFor). <see cref="FallbackGcraStore"/> passes what this instance spent
/// while Redis was down, so the shared state resumes where the instance's share left off. Zero: nothing known.
/// </param>
/// <param name="Lease">
/// Take up to this many permits at once when they are free without delay (at least one is taken whenever one is free;
/// fewer than asked when fewer are free), for a caller that keeps the rest and admits with them later without asking the
/// store (<see cref="GcraPermitLeases"/>). 1 or less: one permit, the ordinary step. A shaped (delayed) permit is never leased.
/// </param>
internal readonly record struct GcraLimits(double PermitsPerSecond, int Burst, TimeSpan MaxDelay, int Reserve = 0, TimeSpan BusyFor = default, int Lease = 1)
{
    /// <summary>The same limits for one of <paramref name="instances"/> instances sharing the budget without Redis (the reserve stays whole).</summary>
    public GcraLimits PerInstance(int instances) =>
        instances <= 1 ? this : this with { PermitsPerSecond = PermitsPerSecond / instances, Burst = Math.Max(1, Burst / instances) };
}
