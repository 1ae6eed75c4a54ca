using TypingGateway.Diagnostics;

namespace TypingGateway.Configuration;

/// <summary>Logs and counts every reload outcome the <see cref="ConfigReloadMonitor"/> sees.</summary>
internal sealed partial class ConfigReloadReporter : IHostedService
{
    private readonly ConfigReloadMonitor _monitor;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ConfigReloadReporter> _logger;

    public ConfigReloadReporter(ConfigReloadMonitor monitor, GatewayMetrics metrics, ILogger<ConfigReloadReporter> logger)
    {
        _monitor = monitor;
        _metrics = metrics;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _monitor.ReloadRejected += OnRejected;
        _monitor.ReloadApplied += OnApplied;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _monitor.ReloadRejected -= OnRejected;
        _monitor.ReloadApplied -= OnApplied;
        return Task.CompletedTask;
    }

    private void OnRejected(ConfigReloadStage stage, IReadOnlyList<string> errors)
    {
        _metrics.ConfigReloaded(stage, applied: false);
        Log.ReloadRejected(_logger, stage, errors.Count, errors);
    }

    private void OnApplied(ConfigReloadStage stage)
    {
        _metrics.ConfigReloaded(stage, applied: true);
        Log.ReloadApplied(_logger, stage);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Error,
            Message = "Configuration reload rejected at stage {Stage}; the last good configuration stays active. {ErrorCount} error(s): {Errors}")]
        public static partial void ReloadRejected(ILogger logger, ConfigReloadStage stage, int errorCount, IReadOnlyList<string> errors);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Configuration reloaded (stage {Stage}).")]
        public static partial void ReloadApplied(ILogger logger, ConfigReloadStage stage);
    }
}
