using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace TypingGateway.Bench.Report;

/// <summary>The machine a run was measured on: results are only comparable within one run on one machine.</summary>
internal static class MachineInfo
{
    public static JsonObject Read() => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["memory_gib"] = Math.Round(MemTotalBytes() / (1024.0 * 1024 * 1024), 1),
        ["os"] = OsName(),
        ["kernel"] = Kernel(),
        ["cpu"] = CpuModel(),
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
    };

    private static long MemTotalBytes()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static string OsName() =>
        ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
        ?? RuntimeInformation.OSDescription;

    private static string Kernel() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
