using System.Globalization;
using TypingGateway.WebSockets;

namespace TypingGateway.Bench.Hosting;

/// <summary>
/// The open-file limit the servers inherit. A proxied WebSocket holds two sockets in the proxy (the
/// guest's and the upstream one), so it bounds how many connections one instance can hold.
/// </summary>
internal static class OpenFileLimit
{
    /// <summary>The soft limit of this process (servers inherit it), or null when /proc does not tell.</summary>
    public static long? Current()
    {
        var line = File.Exists("/proc/self/limits")
            ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            : null;
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>
    /// Proxied WebSockets one server process can hold under the current limit: the gateway's own default cap
    /// (<c>WebSockets:MaxConnections</c> unset; the same source file), which keeps a reserve for everything else (issue 12
    /// measured a process dying ~280 descriptors past two per socket). Both proxies are measured at this count.
    /// </summary>
    public static int ProxiedConnections() => UpgradeLimitDefaults.MaxConnections(Current());
}
