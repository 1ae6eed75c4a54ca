using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>A raw RESP <c>PING</c>: tells whether a server answers without a Redis client.</summary>
internal static class RedisPing
{
    public static async Task WaitAsync(string host, int port, TimeSpan timeout, Func<bool>? gaveUp = null)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout && gaveUp?.Invoke() != true)
        {
            if (await TryAsync(host, port).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"no PONG from {host}:{port} within {timeout.TotalSeconds:0} s");
    }

    public static async Task<bool> TryAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
