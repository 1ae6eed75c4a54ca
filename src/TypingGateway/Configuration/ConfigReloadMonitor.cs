namespace TypingGateway.Configuration;

/// <summary>
/// Shared record of how the last configuration reload went, fed by the config file provider
/// (which exists before the service provider does) and by YARP's config change listener.
/// Readiness and logging read it.
/// </summary>
internal sealed class ConfigReloadMonitor
{
    private volatile IReadOnlyList<string> _lastRejection = [];

    /// <summary>Raised with the errors of a rejected reload; the last good config stays active.</summary>
    public event Action<ConfigReloadStage, IReadOnlyList<string>>? ReloadRejected;

    /// <summary>Raised when a reload was applied.</summary>
    public event Action<ConfigReloadStage>? ReloadApplied;

    /// <summary>Errors of the most recent reload, or empty when it was applied.</summary>
    public IReadOnlyList<string> LastRejection => _lastRejection;

    public void ReportFileReloadRejected(IReadOnlyList<string> errors) => Reject(ConfigReloadStage.Files, errors);

    public void ReportFileReloaded() => ReloadApplied?.Invoke(ConfigReloadStage.Files);

    public void ReportProxyReloadRejected(IReadOnlyList<string> errors) => Reject(ConfigReloadStage.Proxy, errors);

    public void ReportProxyReloaded()
    {
        _lastRejection = [];
        ReloadApplied?.Invoke(ConfigReloadStage.Proxy);
    }

    private void Reject(ConfigReloadStage stage, IReadOnlyList<string> errors)
    {
        _lastRejection = errors;
        ReloadRejected?.Invoke(stage, errors);
    }
}
