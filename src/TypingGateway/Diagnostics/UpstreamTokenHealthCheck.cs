using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypingGateway.Auth;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Degraded while an upstream has no usable token because its token endpoint fails: requests on its
/// routes are answered 503 meanwhile, the rest of the gateway serves on.
/// </summary>
internal sealed class UpstreamTokenHealthCheck(UpstreamTokenBroker broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = broker.Problems();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Upstream tokens available (or not yet needed).")
            : HealthCheckResult.Degraded(string.Join("; ", problems) + "."));
    }
}
