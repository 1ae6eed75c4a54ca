using System.Diagnostics;
using System.Net.WebSockets;

namespace TypingGateway.Bench.Load;

/// <summary>
/// WebSocket pass-through: each connection sends a message and waits for its echo before the next
/// (closed loop), so messages/s and round-trip percentiles come from the same run.
/// </summary>
internal static class WebSocketEchoLoad
{
    public static async Task<RoundResult> RunAsync(IReadOnlyList<Uri> endpoints, byte[] message, TimeSpan warmup, TimeSpan measure, Func<TimeSpan> cpuTime, CancellationToken cancellationToken)
    {
        var sockets = await Task.WhenAll(endpoints.Select(async uri =>
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(uri, cancellationToken);
            return socket;
        }));
        try
        {
            await RunPhaseAsync(sockets, message, warmup, record: false, cancellationToken);
            var cpuBefore = cpuTime();
            var latency = await RunPhaseAsync(sockets, message, measure, record: true, cancellationToken);
            return new RoundResult(latency, 0, cpuTime() - cpuBefore);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    private static async Task<LatencySummary> RunPhaseAsync(ClientWebSocket[] sockets, byte[] message, TimeSpan duration, bool record, CancellationToken cancellationToken)
    {
        var samples = sockets.Select(_ => new LatencySample()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(sockets.Select((socket, i) => Task.Run(async () =>
        {
            var buffer = new byte[message.Length * 2];
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                var received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                    received += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close || received != message.Length)
                {
                    throw new InvalidOperationException($"Echo broken: {result.MessageType}, {received} of {message.Length} bytes.");
                }

                if (record)
                {
                    samples[i].Add(t0);
                }
            }
        }, cancellationToken)));
        return LatencySummary.From(samples, Stopwatch.GetElapsedTime(started));
    }
}
