namespace TypingGateway.Configuration;

/// <summary>
/// Reads every <c>*.json</c> file of the gateway's config directory (in ordinal file-name order,
/// later files override earlier ones) and reloads them when any of them changes.
/// </summary>
internal sealed class ConfigDirectorySource(string directory, ConfigReloadMonitor monitor) : IConfigurationSource
{
    public string Directory { get; } = directory;

    public ConfigReloadMonitor Monitor { get; } = monitor;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigDirectoryProvider(this);
}
