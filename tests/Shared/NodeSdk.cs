using System.Diagnostics;
using System.Text;

namespace TypingGateway.Testing;

/// <summary>
/// Runs the Node 20 drivers in <c>tests/sdk</c>, which use the vendors' official chat client SDKs from npm.
/// <see cref="RequireAsync"/> skips the calling test (with the reason) when Node is missing, and installs
/// the pinned packages (<c>npm ci</c>, once per process) when they are not installed yet: a newcomer with only
/// the .NET SDK gets skips, never failures; <c>.ci/run</c> installs Node packages before the README command.
/// </summary>
internal static class NodeSdk
{
    private static readonly SemaphoreSlim _installLock = new(1, 1);
    private static string? _installError;
    private static bool _installed;

    /// <summary>The folder of the drivers and their <c>package.json</c>.</summary>
    public static string Directory { get; } = FindSdkDirectory();

    /// <summary>Skips the test unless <c>node</c> (20 or later) runs and the SDK packages are installed.</summary>
    public static async Task RequireAsync()
    {
        var version = await TryRunAsync("node", ["--version"], TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        Skip.If(version is not { ExitCode: 0 }, "Node is not on PATH: the official-SDK tests need Node 20 (.ci/run installs it).");
        Skip.If(!IsNode20OrLater(version!.Stdout), $"Node {version.Stdout.Trim()} is too old: the official-SDK tests need Node 20 or later.");

        await _installLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_installed && _installError is null)
            {
                if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@nice-devone")))
                {
                    _installed = true;
                }
                else
                {
                    var install = await TryRunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                    _installed = install is { ExitCode: 0 };
                    _installError = _installed ? null : $"npm ci in {Directory} failed: {install?.Stderr.Trim() ?? "npm is not on PATH"}";
                }
            }
        }
        finally
        {
            _installLock.Release();
        }

        Skip.If(_installError is not null, _installError);
    }

    /// <summary>
    /// Runs <paramref name="script"/> (relative to <see cref="Directory"/>) with one JSON argument; fails the test
    /// when it does not end within <paramref name="timeout"/>. The script's stdout is returned for the test to parse.
    /// </summary>
    public static async Task<NodeResult> RunAsync(string script, string jsonArgument, TimeSpan timeout)
    {
        var result = await TryRunAsync("node", [script, jsonArgument], timeout).ConfigureAwait(false)
            ?? throw new InvalidOperationException("node could not be started.");
        if (result.TimedOut)
        {
            throw new TimeoutException($"node {script} did not end within {timeout}. stderr: {result.Stderr}");
        }

        return result;
    }

    private static async Task<NodeResult?> TryRunAsync(string fileName, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not on PATH
        }

        using (process)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(timeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            process.WaitForExit(); // flushes the redirected streams
            lock (stdout)
            {
                lock (stderr)
                {
                    return new NodeResult(timedOut ? -1 : process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut);
                }
            }
        }
    }

    private static bool IsNode20OrLater(string version) =>
        version.Trim().TrimStart('v').Split('.') is [var major, ..] && int.TryParse(major, out var m) && m >= 20;

    private static string FindSdkDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TypingGateway.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "sdk");
            }
        }

        throw new InvalidOperationException($"No TypingGateway.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>What a Node driver printed and how it ended.</summary>
internal sealed record NodeResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
