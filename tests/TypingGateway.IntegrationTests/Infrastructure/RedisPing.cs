using System.Diagnostics;
using System.Runtime.InteropServices;
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
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        var stream = await SendAsync(client, host, port, arguments, cts.Token).ConfigureAwait(false);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// Sends one command and reads its whole reply (e.g. <c>CLUSTER NODES</c>, <c>CLUSTER KEYSLOT</c>, <c>INFO</c>,
    /// <c>PUBSUB SHARDNUMSUB</c>): the text without RESP framing, an array's items one a line. An error reply throws.
    /// </summary>
    public static async Task<string> ReplyAsync(string host, int port, TimeSpan timeout, params string[] arguments)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        var stream = await SendAsync(client, host, port, arguments, cts.Token).ConfigureAwait(false);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"{host}:{port} closed the connection before answering {arguments[0]} in full");
            }

            received.AddRange(buffer.AsSpan(0, read));
            var items = new List<string>();
            var end = Parse(CollectionsMarshal.AsSpan(received), items, out var error);
            if (error is not null)
            {
                throw new InvalidOperationException($"{host}:{port} answered {string.Join(' ', arguments)} with {error}");
            }

            if (end > 0)
            {
                return string.Join('\n', items);
            }
        }
    }

    // The end of the reply starting at reply[0], or 0 while it is incomplete.
    private static int Parse(ReadOnlySpan<byte> reply, List<string> items, out string? error)
    {
        error = null;
        if (!TryLine(reply, out var line, out var next))
        {
            return 0;
        }

        switch (line[0])
        {
            case '-':
                error = line[1..];
                return next;
            case ':' or '+':
                items.Add(line[1..]);
                return next;
            case '$':
                var length = int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    items.Add(string.Empty);
                    return next;
                }

                if (reply.Length < next + length + 2)
                {
                    return 0;
                }

                items.Add(Encoding.UTF8.GetString(reply.Slice(next, length)));
                return next + length + 2;
            case '*':
                var count = int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    var used = Parse(reply[next..], items, out error);
                    if (used == 0 || error is not null)
                    {
                        return 0;
                    }

                    next += used;
                }

                return next;
            default:
                throw new InvalidOperationException($"unexpected RESP reply: {line}");
        }
    }

    private static bool TryLine(ReadOnlySpan<byte> reply, out string line, out int next)
    {
        var end = reply.IndexOf("\r\n"u8);
        line = end < 0 ? string.Empty : Encoding.UTF8.GetString(reply[..end]);
        next = end + 2;
        return end >= 0;
    }

    private static async Task<NetworkStream> SendAsync(TcpClient client, string host, int port, string[] arguments, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);
        return stream;
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
