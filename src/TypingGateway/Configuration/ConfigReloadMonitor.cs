using System.Collections.Concurrent;

namespace TypingGateway.Configuration;

/// <summary>
/// Shared record of how the last configuration reload went at each stage, fed by the config file
/// provider (which exists before the service provider does), YARP's config change listener and
/// the typing profile catalog. Readiness and logging read it.
/// </summary>
internal sealed class ConfigReloadMonitor
{
    private readonly ConcurrentDictionary<ConfigReloadStage, IReadOnlyList<string>> _rejections = new();

    /// <summary>Raised with the errors of a rejected reload; the last good config stays active.</summary>
    public event Action<ConfigReloadStage, IReadOnlyList<string>>? ReloadRejected;

    /// <summary>Raised when a reload was applied.</summary>
    public event Action<ConfigReloadStage>? ReloadApplied;

    /// <summary>Errors of the stages whose most recent reload was rejected; empty when all applied.</summary>
    public IReadOnlyList<string> LastRejection =>
        [.. _rejections.OrderBy(r => r.Key).SelectMany(r => r.Value)];

    public void ReportRejected(ConfigReloadStage stage, IReadOnlyList<string> errors)
    {
        _rejections[stage] = errors;
        ReloadRejected?.Invoke(stage, errors);
    }

    public void ReportApplied(ConfigReloadStage stage)
    {
        _rejections.TryRemove(stage, out _);
        ReloadApplied?.Invoke(stage);
    }
}
