using TypingGateway.Configuration;
using TypingGateway.Hosting;

namespace TypingGateway.Auth;

/// <summary>
/// The upstreams and guest-ticket keys in force: validated at start (errors reported with the rest of
/// the configuration) and on every reload; a reload with any error keeps the previous ones.
/// </summary>
internal sealed class CredentialsCatalog : IDisposable
{
    private readonly ValidatedConfiguration<CredentialsConfig> _config;

    public CredentialsCatalog(IConfiguration configuration, ConfigReloadMonitor monitor, TypingGatewayMarker marker) =>
        _config = new(configuration, monitor, ConfigReloadStage.Credentials, c => CredentialsConfigFactory.Build(c, marker.ConfigDirectory));

    public IReadOnlyList<string> StartupErrors => _config.StartupErrors;

    public CredentialsConfig Current => _config.Current;

    public void Dispose() => _config.Dispose();
}
