using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypingGateway.Redis;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Redis being down degrades the gateway (per-process state) but does not stop it serving
/// traffic, so this check reports Degraded rather than Unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    private static readonly TimeSpan _pingTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
        {
            return HealthCheckResult.Healthy("Single-instance mode: no Redis configured.");
        }

        if (!redis.Outage.IsAvailable)
        {
            return HealthCheckResult.Degraded("Redis unavailable: running on per-process state until it is back.");
        }

        var rtt = await redis.PingAsync(_pingTimeout, cancellationToken).ConfigureAwait(false);
        return rtt is { } value
            ? HealthCheckResult.Healthy($"Redis reachable (ping {value.TotalMilliseconds:0.0} ms).")
            : HealthCheckResult.Degraded("Redis unreachable: running on per-process state until it is back.");
    }
}
