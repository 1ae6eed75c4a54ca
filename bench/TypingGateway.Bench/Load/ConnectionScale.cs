using System.Diagnostics;
using System.Net.WebSockets;

namespace TypingGateway.Bench.Load;

/// <summary>
/// Opens <c>count</c> idle guest WebSockets (each proxied to its own upstream socket), holds them, and
/// reports the accept rate and how many were still open after the hold.
/// </summary>
internal static class ConnectionScale
{
    private const int ConnectConcurrency = 100;

    public static async Task<ConnectionScaleResult> RunAsync(Func<int, Uri> endpoint, int count, TimeSpan hold, Func<Task> whileHeld, CancellationToken cancellationToken)
    {
        var sockets = new ClientWebSocket?[count];
        var receives = new Task?[count];

        // Idle guests keep a receive pending, as real widgets do; a dropped connection completes it.
        var sink = new byte[1];
        var failures = 0;
        string? firstError = null;
        try
        {
            using var gate = new SemaphoreSlim(ConnectConcurrency);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                try
                {
                    await socket.ConnectAsync(endpoint(i), cancellationToken);
                    sockets[i] = socket;
                    receives[i] = socket.ReceiveAsync(sink.AsMemory(), cancellationToken).AsTask();
                }
                catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, ex.GetBaseException().Message, null);
                    socket.Dispose();
                }
                finally
                {
                    gate.Release();
                }
            }));
            var connectTime = Stopwatch.GetElapsedTime(started);

            await Task.Delay(hold, cancellationToken);
            await whileHeld();
            var held = Enumerable.Range(0, count).Count(i => sockets[i] is { State: WebSocketState.Open } && receives[i] is { IsCompleted: false });
            return new ConnectionScaleResult(count, held, failures, count / connectTime.TotalSeconds, connectTime, firstError);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Abort();
                socket?.Dispose();
            }

            // The aborted receives end with exceptions nobody needs.
            await Task.WhenAll(receives.Where(r => r is not null).Select(r => r!.ContinueWith(static _ => { }, TaskScheduler.Default)));
        }
    }
}
