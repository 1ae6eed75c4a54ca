using Microsoft.Extensions.Primitives;
using TypingGateway.Configuration;

namespace TypingGateway.Typing;

/// <summary>
/// The typing profiles in force. Built from the <c>Typing</c> section at start (errors are reported
/// with the other configuration errors) and rebuilt on every reload; a reload with any invalid
/// profile is rejected as a whole and the previous profiles stay in force.
/// </summary>
internal sealed class TypingProfileCatalog : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ConfigReloadMonitor _monitor;
    private readonly IDisposable _reloadRegistration;
    private volatile IReadOnlyDictionary<string, TypingProfile> _profiles;

    public TypingProfileCatalog(IConfiguration configuration, ConfigReloadMonitor monitor)
    {
        _configuration = configuration;
        _monitor = monitor;
        var (profiles, errors) = Load();
        _profiles = profiles;
        StartupErrors = errors;
        _reloadRegistration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Errors found when the gateway started (reported and fatal there).</summary>
    public IReadOnlyList<string> StartupErrors { get; }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TypingProfile? profile) =>
        _profiles.TryGetValue(name, out profile);

    public void Dispose() => _reloadRegistration.Dispose();

    private void Reload()
    {
        var (profiles, errors) = Load();
        if (errors.Count > 0)
        {
            _monitor.ReportRejected(ConfigReloadStage.Typing, errors);
            return;
        }

        _profiles = profiles;
        _monitor.ReportApplied(ConfigReloadStage.Typing);
    }

    private (IReadOnlyDictionary<string, TypingProfile> Profiles, List<string> Errors) Load()
    {
        TypingOptions options;
        try
        {
            options = _configuration.GetSection(TypingOptions.SectionName).Get<TypingOptions>() ?? new TypingOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert (an unknown enum name, a bad TimeSpan).
            return (new Dictionary<string, TypingProfile>(), [$"Typing: {ex.Message}"]);
        }

        return TypingProfileFactory.Build(options);
    }
}
