using Microsoft.Extensions.Configuration.CommandLine;
using TypingGateway.Configuration;

namespace TypingGateway.Tests.Configuration;

public sealed class GatewayConfigFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "typinggateway-unit", Guid.NewGuid().ToString("N"));

    public GatewayConfigFilesTests() => Directory.CreateDirectory(Path.Combine(_root, "config"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AddTo_Precedence_FilesThenPrefixedEnvironmentThenCommandLine()
    {
        // Keys unique to this test, so the process-wide environment touches no other test.
        var id = Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(_root, "config", "a.json"), $$"""{ "T{{id}}": { "FromFile": "file", "Env": "file", "Cli": "file" } }""");
        Environment.SetEnvironmentVariable($"TYPINGGATEWAY__T{id}__Env", "env");
        Environment.SetEnvironmentVariable($"TYPINGGATEWAY__T{id}__Cli", "env");
        try
        {
            using var configuration = new ConfigurationManager();
            ((IConfigurationBuilder)configuration).Add(new CommandLineConfigurationSource { Args = [$"--T{id}:Cli=cli"] });

            var directory = GatewayConfigFiles.AddTo(configuration, _root, new ConfigReloadMonitor());

            Assert.Equal(Path.Combine(_root, "config"), directory);
            Assert.Equal("file", configuration[$"T{id}:FromFile"]);
            Assert.Equal("env", configuration[$"T{id}:Env"]);
            Assert.Equal("cli", configuration[$"T{id}:Cli"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"TYPINGGATEWAY__T{id}__Env", null);
            Environment.SetEnvironmentVariable($"TYPINGGATEWAY__T{id}__Cli", null);
        }
    }
}
