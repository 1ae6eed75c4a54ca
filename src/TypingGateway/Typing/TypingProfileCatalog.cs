using TypingGateway.Configuration;

namespace TypingGateway.Typing;

/// <summary>
/// The typing profiles in force, built from the <c>Typing</c> section at start and on every reload;
/// a reload with any invalid profile is rejected as a whole and the previous profiles stay in force.
/// </summary>
internal sealed class TypingProfileCatalog : IDisposable
{
    private readonly ValidatedConfiguration<IReadOnlyDictionary<string, TypingProfile>> _profiles;

    public TypingProfileCatalog(IConfiguration configuration, ConfigReloadMonitor monitor) =>
        _profiles = new(configuration, monitor, ConfigReloadStage.Typing, Load);

    /// <summary>Errors found when the gateway started (reported and fatal there).</summary>
    public IReadOnlyList<string> StartupErrors => _profiles.StartupErrors;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TypingProfile? profile) =>
        _profiles.Current.TryGetValue(name, out profile);

    public void Dispose() => _profiles.Dispose();

    private static (IReadOnlyDictionary<string, TypingProfile> Value, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        if (ConfigBinding.Bind<TypingOptions>(configuration, TypingOptions.SectionName, errors) is not { } options)
        {
            return (new Dictionary<string, TypingProfile>(), errors);
        }

        return TypingProfileFactory.Build(options);
    }
}
