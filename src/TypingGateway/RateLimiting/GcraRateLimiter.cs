using System.Threading.RateLimiting;
using TypingGateway.Diagnostics;
using TypingGateway.Proxy;

namespace TypingGateway.RateLimiting;

/// <summary>
/// The framework's <see cref="RateLimiter"/> over one partition of one policy, decided by an
/// <see cref="IGcraStore"/> (Redis, shared by all instances; through <see cref="GcraPermitLeases"/>, so a policy with
/// <c>LeasePermits</c> k costs one round trip per k requests). Every decision is counted, wherever it was made. Only the asynchronous path decides:
/// the synchronous one answers "undecided", which makes ASP.NET Core's middleware ask asynchronously.
/// On a route in shadow a rejection is counted (<c>mode="shadow"</c>) and the request goes on.
/// </summary>
internal sealed class GcraRateLimiter(
    IGcraStore store, RateLimitPolicyCatalog catalog, string policy, string partition, TimeProvider time, GatewayMetrics metrics, RouteMode? route = null) : RateLimiter
{
    private long _lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => GcraLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsed, time.GetTimestamp());
        if (!catalog.TryGet(policy, out var current))
        {
            return GcraLease.Unlimited; // removed by a reload: no limit until a restart re-registers policies
        }

        var decision = await store.AcquireAsync(current.Name, partition, current.HttpLimits, cancellationToken).ConfigureAwait(false);
        var mode = route ?? RouteMode.None;
        metrics.RateLimitDecision(current.Name, "http", decision.Allowed ? "allowed" : "rejected", mode);
        return new GcraLease(decision.Allowed || mode.IsShadow, current, decision.RetryAfter);
    }
}
