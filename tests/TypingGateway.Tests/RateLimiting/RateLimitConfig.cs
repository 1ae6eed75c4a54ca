using TypingGateway.Configuration;
using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// A <c>RateLimits</c> section in memory and the catalog built from it; <see cref="Reload"/> replaces the
/// section as a config file reload would. Policy keys are given below <c>RateLimits:Policies</c>
/// (<c>"messages:PermitsPerSecond"</c>).
/// </summary>
internal sealed class RateLimitConfig : IDisposable
{
    private readonly ReloadableProvider _provider;

    public RateLimitConfig(Dictionary<string, string?> policies)
    {
        _provider = new ReloadableProvider(Section(policies));
        Configuration = new ConfigurationBuilder().Add(_provider).Build();
        Catalog = new RateLimitPolicyCatalog(Configuration, Monitor);
    }

    public IConfiguration Configuration { get; }

    public ConfigReloadMonitor Monitor { get; } = new();

    public RateLimitPolicyCatalog Catalog { get; }

    /// <summary>Full configuration keys for policy keys given below <c>RateLimits:Policies</c>.</summary>
    public static Dictionary<string, string?> Section(Dictionary<string, string?> policies) =>
        policies.ToDictionary(p => $"{RateLimitOptions.SectionName}:Policies:{p.Key}", p => p.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>A configuration holding exactly <paramref name="settings"/> (full keys).</summary>
    public static IConfiguration Of(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    public void Reload(Dictionary<string, string?> policies) => _provider.Replace(Section(policies));

    public void Dispose() => Catalog.Dispose();

    private sealed class ReloadableProvider(Dictionary<string, string?> data) : ConfigurationProvider, IConfigurationSource
    {
        public override void Load() => Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public void Replace(Dictionary<string, string?> settings)
        {
            Data = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
