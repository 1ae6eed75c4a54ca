using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Hosting;

/// <summary>The real program (Program.cs) as a separate process: exit codes, stderr, log format.</summary>
[Trait("Area", "Hosting")]
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan _processTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Program_InvalidConfig_ExitsWithCode2AndPrintsEveryError()
    {
        using var config = TestConfigDirectory.Create();
        var proxy = ProxyConfig.Standard(new Uri("http://127.0.0.1:9/"));
        ProxyConfig.Routes(proxy)["echo-http"]!["ClusterId"] = "missing";
        ProxyConfig.Clusters(proxy)["cxone"]!["Destinations"]!["sim"]!["Address"] = "nowhere";
        config.Write("proxy.json", proxy);

        var (exitCode, _, stderr) = await RunToExitAsync(config.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("The gateway configuration is invalid (2 errors):", stderr, StringComparison.Ordinal);
        Assert.Contains("  - Route 'echo-http': ClusterId 'missing' does not name a defined cluster", stderr, StringComparison.Ordinal);
        Assert.Contains("  - Cluster 'cxone', destination 'sim': Address 'nowhere' is not an absolute http:// or https:// URL.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // an operator message, not a stack trace
    }

    [Fact]
    public async Task Program_JsonLogFormat_WritesOneJsonObjectPerLine()
    {
        using var config = TestConfigDirectory.ForUpstream(new Uri("http://127.0.0.1:9/"));
        using var process = Start(config.Path, "--Logs:Format=Json");
        var lines = new List<string>();
        try
        {
            using var cts = new CancellationTokenSource(_processTimeout);
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Now listening on", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.Contains(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        var events = lines.Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.All(events, e =>
        {
            Assert.True(e.ContainsKey("Timestamp") && e.ContainsKey("Level") && e.ContainsKey("MessageTemplate"), e.ToJsonString());
        });
        var started = Assert.Single(events, e => e["MessageTemplate"]!.GetValue<string>() == "TypingGateway configured from {ConfigDirectory}.");
        Assert.Equal(config.Path, started["Properties"]!["ConfigDirectory"]!.GetValue<string>());
        Assert.Equal(1003, started["Properties"]!["EventId"]!["Id"]!.GetValue<int>());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string configDirectory)
    {
        using var process = Start(configDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(_processTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static Process Start(string configDirectory, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // A working directory of its own: the test output folder holds other apps' appsettings.json.
            WorkingDirectory = configDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TypingGateway.dll"));
        start.ArgumentList.Add($"--config-dir={configDirectory}");
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway process");
    }
}
