using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The garnet-server .NET tool pinned in .config/dotnet-tools.json, found as its entry-point dll in
/// the NuGet global packages folder (restored first when it is not there yet).
/// </summary>
internal sealed record GarnetTool(string Version, string EntryPoint)
{
    private const string PackageId = "garnet-server";

    /// <summary>The dotnet host that runs these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static async Task<GarnetTool> LocateAsync()
    {
        var root = RedisServerFixture.RepositoryRoot();
        var version = ManifestVersion(root);
        if (Find(version) is { } found)
        {
            return found;
        }

        await DotnetAsync(root, "tool", "restore").ConfigureAwait(false);
        if (Find(version) is { } restored)
        {
            return restored;
        }

        var listed = await DotnetAsync(root, "nuget", "locals", "global-packages", "--list").ConfigureAwait(false);
        var folder = listed.Split(':', 2) is [_, var path] ? path.Trim() : string.Empty;
        return Find(version, folder)
            ?? throw new InvalidOperationException($"dotnet tool restore ran but no {PackageId} {version} entry point was found under {folder}.");
    }

    private static string ManifestVersion(string root)
    {
        var manifest = Path.Combine(root, ".config", "dotnet-tools.json");
        var json = JsonNode.Parse(File.ReadAllText(manifest));
        return json?["tools"]?[PackageId]?["version"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"{manifest} does not pin {PackageId}.");
    }

    private static GarnetTool? Find(string version, params string[] folders)
    {
        var candidates = folders.Length > 0 ? folders :
        [
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? string.Empty,
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        ];

        // tools/<tfm>/any/DotnetToolSettings.xml names the entry point; take the newest TFM this runtime can run.
        return candidates
            .Where(folder => folder.Length > 0)
            .Select(folder => new DirectoryInfo(Path.Combine(folder, PackageId, version, "tools")))
            .Where(tools => tools.Exists)
            .SelectMany(tools => tools.EnumerateDirectories("net*"))
            .Select(tfm => (Major: TargetMajor(tfm.Name), Settings: Path.Combine(tfm.FullName, "any", "DotnetToolSettings.xml")))
            .Where(t => t.Major <= Environment.Version.Major && File.Exists(t.Settings))
            .OrderByDescending(t => t.Major)
            .Select(t => ReadEntryPoint(t.Settings))
            .Where(File.Exists)
            .Select(entryPoint => new GarnetTool(version, entryPoint))
            .FirstOrDefault();
    }

    private static int TargetMajor(string tfm) =>
        int.TryParse(tfm.AsSpan(3).ToString().Split('.')[0], out var major) ? major : int.MaxValue;

    private static string ReadEntryPoint(string settings)
    {
        var command = XDocument.Load(settings).Descendants("Command").First();
        return Path.Combine(Path.GetDirectoryName(settings)!, (string?)command.Attribute("EntryPoint") ?? "GarnetServer.dll");
    }

    private static async Task<string> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run dotnet " + string.Join(' ', arguments));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}): {output[Math.Max(0, output.Length - 2000)..]}");
    }
}
