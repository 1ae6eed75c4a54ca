using Microsoft.Extensions.Primitives;

namespace TypingGateway.Configuration;

/// <summary>
/// A value built and validated from configuration at start (its errors are reported with the other
/// configuration errors) and rebuilt on every reload. A reload with any error is rejected as a whole:
/// the previous value stays in force and the monitor records the rejection.
/// </summary>
/// <typeparam name="T">The built value, immutable.</typeparam>
internal sealed class ValidatedConfiguration<T> : IDisposable
    where T : class
{
    private readonly IConfiguration _configuration;
    private readonly ConfigReloadMonitor _monitor;
    private readonly ConfigReloadStage _stage;
    private readonly Func<IConfiguration, (T Value, IReadOnlyList<string> Errors)> _load;
    private readonly IDisposable _reloadRegistration;
    private volatile T _current;

    public ValidatedConfiguration(
        IConfiguration configuration,
        ConfigReloadMonitor monitor,
        ConfigReloadStage stage,
        Func<IConfiguration, (T Value, IReadOnlyList<string> Errors)> load)
    {
        _configuration = configuration;
        _monitor = monitor;
        _stage = stage;
        _load = load;
        (_current, StartupErrors) = load(configuration);
        _reloadRegistration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Errors found when the gateway started (reported and fatal there).</summary>
    public IReadOnlyList<string> StartupErrors { get; }

    /// <summary>The value of the last configuration that had no errors.</summary>
    public T Current => _current;

    public void Dispose() => _reloadRegistration.Dispose();

    private void Reload()
    {
        var (value, errors) = _load(_configuration);
        if (errors.Count > 0)
        {
            _monitor.ReportRejected(_stage, errors);
            return;
        }

        _current = value;
        _monitor.ReportApplied(_stage);
    }
}
