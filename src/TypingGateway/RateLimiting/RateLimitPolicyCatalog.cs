using TypingGateway.Configuration;

namespace TypingGateway.RateLimiting;

/// <summary>
/// The rate-limit policies in force, validated at start and on every reload (a reload with any error
/// keeps the previous ones). New policy names used by HTTP routes need a restart: ASP.NET Core's rate
/// limiter registers its policies once; their rate, burst and partition reload.
/// </summary>
internal sealed class RateLimitPolicyCatalog : IDisposable
{
    private readonly ValidatedConfiguration<RateLimitSettings> _settings;

    public RateLimitPolicyCatalog(IConfiguration configuration, ConfigReloadMonitor monitor) =>
        _settings = new(configuration, monitor, ConfigReloadStage.RateLimits, RateLimitPolicyFactory.Build);

    public IReadOnlyList<string> StartupErrors => _settings.StartupErrors;

    public RateLimitSettings Current => _settings.Current;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RateLimitPolicy? policy) =>
        _settings.Current.Policies.TryGetValue(name, out policy);

    public void Dispose() => _settings.Dispose();
}
