using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypingGateway.Bench.Hosting;

/// <summary>The redis-server the three-instance gateway shares (from PATH, as the tests use it).</summary>
internal static class RedisServer
{
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists);

    public static Task WaitForPingAsync(ChildProcess process, int port, CancellationToken cancellationToken) =>
        ServerReady.WaitAsync(process, () => PingAsync(port, cancellationToken), $"redis PING on port {port}", cancellationToken);

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
