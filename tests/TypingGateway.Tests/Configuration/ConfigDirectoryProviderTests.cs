using TypingGateway.Configuration;

namespace TypingGateway.Tests.Configuration;

public sealed class ConfigDirectoryProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "typinggateway-unit", Guid.NewGuid().ToString("N"));

    public ConfigDirectoryProviderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadDirectory_LaterFileByName_OverridesEarlier()
    {
        File.WriteAllText(Path.Combine(_directory, "a.json"), """{ "X": { "Y": "from-a", "Z": "only-a" } }""");
        File.WriteAllText(Path.Combine(_directory, "b.json"), """{ "X": { "Y": "from-b" } }""");
        File.WriteAllText(Path.Combine(_directory, "ignored.txt"), "not json");

        var (data, errors) = ConfigDirectoryProvider.ReadDirectory(_directory);

        Assert.Empty(errors);
        Assert.Equal("from-b", data["X:Y"]);
        Assert.Equal("only-a", data["x:z"]);
    }

    [Fact]
    public void ReadDirectory_TwoBrokenFiles_ReportsBoth()
    {
        File.WriteAllText(Path.Combine(_directory, "a.json"), "{ \"X\": ");
        File.WriteAllText(Path.Combine(_directory, "b.json"), "[1, 2]");
        File.WriteAllText(Path.Combine(_directory, "c.json"), """{ "Ok": true }""");

        var (_, errors) = ConfigDirectoryProvider.ReadDirectory(_directory);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Config file 'a.json' could not be read: ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Config file 'b.json' could not be read: ", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenFile_ThrowsGatewayConfigurationException()
    {
        File.WriteAllText(Path.Combine(_directory, "a.json"), "{");
        using var provider = new ConfigDirectoryProvider(new ConfigDirectorySource(_directory, new ConfigReloadMonitor()));

        var ex = Assert.Throws<GatewayConfigurationException>(provider.Load);

        Assert.Single(ex.Errors);
    }

    [Fact]
    public void ResolveDirectory_ExplicitMissing_ThrowsNamingIt()
    {
        var missing = Path.Combine(_directory, "nope");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["config-dir"] = missing }).Build();

        var ex = Assert.Throws<GatewayConfigurationException>(() => GatewayConfigFiles.ResolveDirectory(configuration, _directory));

        Assert.Equal($"The config directory '{missing}' does not exist (set by --config-dir or TYPINGGATEWAY_CONFIG_DIR).", Assert.Single(ex.Errors));
    }

    [Fact]
    public void ResolveDirectory_ContentRootHasConfig_UsesIt()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "config"));
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal(Path.Combine(_directory, "config"), GatewayConfigFiles.ResolveDirectory(configuration, _directory));
    }

    [Fact]
    public void ResolveDirectory_InsideCheckout_UsesConfigBesideSolution()
    {
        var project = Path.Combine(_directory, "src", "TypingGateway");
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(Path.Combine(_directory, "config"));
        File.WriteAllText(Path.Combine(_directory, "TypingGateway.sln"), string.Empty);
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal(Path.Combine(_directory, "config"), GatewayConfigFiles.ResolveDirectory(configuration, project));
    }
}
