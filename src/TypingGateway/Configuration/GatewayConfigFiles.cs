using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace TypingGateway.Configuration;

/// <summary>
/// Puts the gateway's configuration sources in their documented order of precedence
/// (lowest first): appsettings, the config directory's <c>*.json</c> files,
/// <c>TYPINGGATEWAY__</c> environment variables, command-line arguments.
/// </summary>
internal static class GatewayConfigFiles
{
    /// <summary>Command-line key naming the config directory (<c>--config-dir PATH</c>).</summary>
    public const string DirectoryKey = "config-dir";

    /// <summary>Environment variable naming the config directory.</summary>
    public const string DirectoryEnvironmentVariable = "TYPINGGATEWAY_CONFIG_DIR";

    /// <summary>Prefix of environment variables that override config values (<c>TYPINGGATEWAY__Redis__Configuration</c>).</summary>
    public const string EnvironmentPrefix = "TYPINGGATEWAY__";

    public const string DefaultDirectoryName = "config";

    private const string SolutionFileName = "TypingGateway.sln";

    public static string ResolveDirectory(IConfiguration configuration, string contentRoot)
    {
        var explicitDirectory = configuration[DirectoryKey] ?? Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            var full = Path.GetFullPath(explicitDirectory, contentRoot);
            return Directory.Exists(full)
                ? full
                : throw new GatewayConfigurationException($"The config directory '{full}' does not exist (set by --{DirectoryKey} or {DirectoryEnvironmentVariable}).");
        }

        string[] candidates = [
            Path.Combine(contentRoot, DefaultDirectoryName),
            .. CheckoutConfigDirectory(contentRoot),
            Path.Combine(AppContext.BaseDirectory, DefaultDirectoryName),
        ];
        return candidates.FirstOrDefault(Directory.Exists)
            ?? throw new GatewayConfigurationException(
                $"No config directory found (looked in {string.Join(", ", candidates.Select(c => $"'{c}'"))}); pass --{DirectoryKey} PATH or set {DirectoryEnvironmentVariable}.");
    }

    // Under `dotnet run` the content root is the project folder; the shipped config lives at the
    // root of the checkout, beside the solution file. Using it there makes edits hot-reload.
    private static IEnumerable<string> CheckoutConfigDirectory(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot).Parent; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                yield return Path.Combine(dir.FullName, DefaultDirectoryName);
                yield break;
            }
        }
    }

    public static string AddTo(ConfigurationManager configuration, string contentRoot, ConfigReloadMonitor monitor)
    {
        var directory = ResolveDirectory(configuration, contentRoot);
        var commandLine = configuration.Sources.OfType<CommandLineConfigurationSource>().LastOrDefault();

        ((IConfigurationBuilder)configuration).Add(new ConfigDirectorySource(directory, monitor));
        ((IConfigurationBuilder)configuration).Add(new EnvironmentVariablesConfigurationSource { Prefix = EnvironmentPrefix });
        if (commandLine is not null)
        {
            // Re-added so that arguments still win over the files added after them.
            ((IConfigurationBuilder)configuration).Add(new CommandLineConfigurationSource { Args = commandLine.Args, SwitchMappings = commandLine.SwitchMappings });
        }

        return directory;
    }
}
