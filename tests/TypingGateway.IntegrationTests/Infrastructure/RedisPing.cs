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

    /// <summary>Sends one command as a RESP array and returns the start of the reply (one read).</summary>
    public static async Task<string> CommandAsync(string host, int port, TimeSpan timeout, params string[] arguments)
    {
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cts.Token).ConfigureAwait(false);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, read);
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
