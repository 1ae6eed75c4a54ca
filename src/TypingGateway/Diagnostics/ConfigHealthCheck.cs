using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypingGateway.Configuration;

namespace TypingGateway.Diagnostics;

/// <summary>Degraded while the last config reload is rejected (the previous config still serves).</summary>
internal sealed class ConfigHealthCheck(ConfigReloadMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rejection = monitor.LastRejection;
        return Task.FromResult(rejection.Count == 0
            ? HealthCheckResult.Healthy("Configuration loaded.")
            : HealthCheckResult.Degraded($"The last configuration reload was rejected; the previous configuration is active ({rejection.Count} error(s), see the log)."));
    }
}
