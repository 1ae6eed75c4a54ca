using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypingGateway.WebSockets;

namespace TypingGateway.Diagnostics;

/// <summary>Unhealthy (readiness 503) from the moment the instance starts stopping, so load balancers send it nothing new.</summary>
internal sealed class DrainHealthCheck(GuestSocketDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy($"Stopping: draining {drain.Count} guest WebSockets.")
            : HealthCheckResult.Healthy("Serving."));
}
