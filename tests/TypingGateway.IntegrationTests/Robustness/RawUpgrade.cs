using System.Net.Sockets;
using System.Text;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// A WebSocket upgrade request written by hand, so a test sees the gateway's whole answer to a refused
/// upgrade (status, headers and body), which <see cref="System.Net.WebSockets.ClientWebSocket"/> hides.
/// </summary>
internal static class RawUpgrade
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    public static async Task<RawResponse> SendAsync(Uri gateway, string pathAndQuery, string? origin)
    {
        using var deadline = new CancellationTokenSource(_timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Host, gateway.Port, deadline.Token);
        var stream = client.GetStream();

        var request = new StringBuilder()
            .Append("GET ").Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(gateway.Authority).Append("\r\n")
            .Append("Connection: Upgrade\r\n")
            .Append("Upgrade: websocket\r\n")
            .Append("Sec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        if (origin is not null)
        {
            request.Append("Origin: ").Append(origin).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), deadline.Token);

        // Read the head, then exactly Content-Length bytes of body (a 101 has none).
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            if (read == 0)
            {
                throw new IOException("The gateway closed the connection before the response head ended.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

        var body = received.Skip(headEnd + 4).ToList();
        if (status != 101 && headers.TryGetValue("Content-Length", out var lengthText))
        {
            var length = int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture);
            while (body.Count < length && await ReadMoreAsync(stream, buffer, body, deadline.Token))
            {
            }
        }
        else if (status != 101 && headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (!EndsWith(body, "0\r\n\r\n"u8) && await ReadMoreAsync(stream, buffer, body, deadline.Token))
            {
            }

            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString([.. body]));
    }

    private static async Task<bool> ReadMoreAsync(NetworkStream stream, byte[] buffer, List<byte> body, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(buffer, cancellationToken);
        body.AddRange(buffer.AsSpan(0, read));
        return read > 0;
    }

    private static bool EndsWith(List<byte> bytes, ReadOnlySpan<byte> suffix) =>
        bytes.Count >= suffix.Length && bytes.Skip(bytes.Count - suffix.Length).SequenceEqual(suffix.ToArray());

    private static List<byte> Dechunk(List<byte> chunked)
    {
        var result = new List<byte>();
        var text = chunked.ToArray();
        var position = 0;
        while (true)
        {
            var lineEnd = Array.IndexOf(text, (byte)'\r', position);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(text, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return result;
            }

            result.AddRange(text.AsSpan(lineEnd + 2, size));
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
