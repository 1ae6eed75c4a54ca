using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace TypingGateway.Bench.Load;

/// <summary>
/// Typing storm on the Genesys guest route: every guest repeats a 3 s cycle (typing at 10 keys/s for
/// 2.5 s, then a text message, then 0.5 s quiet), cycles staggered across guests. Each burst is
/// shorter than the 5 s start interval, so the ideal is one upstream typing frame per burst.
/// </summary>
internal sealed class TypingStorm(int guests, TimeSpan duration)
{
    public static readonly TimeSpan KeyInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Cycle = TimeSpan.FromSeconds(3);
    public const int KeysPerCycle = 25;

    private static readonly byte[] _tooManyRequests = "\"code\":429"u8.ToArray();

    public async Task<TypingStormResult> RunAsync(Func<int, Uri> endpoint, CancellationToken cancellationToken)
    {
        var states = new GuestState[guests];
        var sockets = new ClientWebSocket[guests];
        try
        {
            // Connect and configure every session first (bounded concurrency), then start the clock.
            using var gate = new SemaphoreSlim(100);
            await Task.WhenAll(Enumerable.Range(0, guests).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var token = Guid.NewGuid().ToString();
                    var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    await socket.ConnectAsync(endpoint(i), cancellationToken);
                    sockets[i] = socket;
                    states[i] = new GuestState(i, token);
                    await socket.SendAsync(GenesysGuestFrames.ConfigureSession(token, "bench"), WebSocketMessageType.Text, true, cancellationToken);
                    await ReceiveUntilAsync(socket, "SessionResponse"u8.ToArray(), cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));

            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var receivers = Enumerable.Range(0, guests).Select(i => ReceiveLoopAsync(sockets[i], states[i], stop.Token)).ToArray();
            var senders = Enumerable.Range(0, guests).Select(i => SendLoopAsync(sockets[i], states[i], clock, stop.Token)).ToArray();
            await Task.WhenAll(senders);
            var sendingEnded = clock.Elapsed;

            // Answers to the last messages: wait until each is matched, at most 5 s.
            var drainUntil = clock.Elapsed + TimeSpan.FromSeconds(5);
            while (states.Any(s => s.Pending is not null) && clock.Elapsed < drainUntil)
            {
                await Task.Delay(50, cancellationToken);
            }

            await stop.CancelAsync();
            await Task.WhenAll(receivers);
            return Summarize(states, sendingEnded);
        }
        finally
        {
            foreach (var socket in sockets.Where(s => s is not null))
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    private static async Task ReceiveUntilAsync(ClientWebSocket socket, byte[] marker, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var (length, type) = await ReceiveMessageAsync(socket, buffer, timeout.Token);
            if (type == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The session was closed before it was configured.");
            }

            if (buffer.AsSpan(0, length).IndexOf(marker) >= 0)
            {
                return;
            }
        }
    }

    private static async Task<(int Length, WebSocketMessageType Type)> ReceiveMessageAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            // Longer frames than the buffer are only counted; the markers sit near their start.
            var free = Math.Max(0, buffer.Length - length);
            result = free > 0
                ? await socket.ReceiveAsync(buffer.AsMemory(length, free), cancellationToken)
                : await socket.ReceiveAsync(new byte[4096].AsMemory(), cancellationToken);
            length += free > 0 ? result.Count : 0;
        }
        while (!result.EndOfMessage);

        return (length, result.MessageType);
    }

    private TypingStormResult Summarize(GuestState[] states, TimeSpan sendingEnded)
    {
        var typingSent = states.Sum(s => s.TypingSent);
        var messagesSent = states.Sum(s => s.MessagesSent);
        var ideal = states.Sum(s => IdealTyping.Count(s.Events, IdealTyping.GenesysStartInterval));
        var latency = LatencySummary.From(states.Select(s => s.Latency), sendingEnded);
        return new TypingStormResult(
            guests,
            sendingEnded,
            typingSent,
            messagesSent,
            ideal,
            states.Sum(s => s.Answered),
            states.Sum(s => s.Rejected),
            latency);
    }

    private async Task SendLoopAsync(ClientWebSocket socket, GuestState state, Stopwatch clock, CancellationToken cancellationToken)
    {
        var typing = GenesysGuestFrames.Typing(state.Token);
        var offset = TimeSpan.FromTicks(Cycle.Ticks * state.Index / guests);
        try
        {
            for (var cycleStart = offset; cycleStart + Cycle <= duration; cycleStart += Cycle)
            {
                for (var k = 0; k < KeysPerCycle; k++)
                {
                    await DelayUntilAsync(clock, cycleStart + (KeyInterval * k), cancellationToken);
                    var at = clock.Elapsed;
                    await socket.SendAsync(typing, WebSocketMessageType.Text, true, cancellationToken);
                    state.Events.Add((at, true));
                    state.TypingSent++;
                }

                await DelayUntilAsync(clock, cycleStart + (KeyInterval * KeysPerCycle), cancellationToken);
                var marker = $"m{state.Index}x{state.MessagesSent}";
                var frame = GenesysGuestFrames.Text(state.Token, marker);
                state.Pending = new PendingMessage(Encoding.UTF8.GetBytes(marker + "\""), Stopwatch.GetTimestamp());
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
                state.Events.Add((clock.Elapsed, false));
                state.MessagesSent++;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            state.Failed = true;
        }
    }

    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static async Task ReceiveLoopAsync(ClientWebSocket socket, GuestState state, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (length, type) = await ReceiveMessageAsync(socket, buffer, cancellationToken);
                if (type == WebSocketMessageType.Close)
                {
                    return;
                }

                // The echo of a text message, or the platform's error frame for it, names its marker.
                var frame = buffer.AsSpan(0, length);
                if (state.Pending is { } pending && frame.IndexOf(pending.Marker) >= 0)
                {
                    state.Latency.Add(pending.SentAt);
                    state.Answered++;
                    if (frame.IndexOf(_tooManyRequests) >= 0)
                    {
                        state.Rejected++;
                    }

                    state.Pending = null;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The storm is over, or the connection broke (counted as unanswered messages).
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record PendingMessage(byte[] Marker, long SentAt);

    private sealed class GuestState(int index, string token)
    {
        public int Index { get; } = index;

        public string Token { get; } = token;

        public List<(TimeSpan At, bool Typing)> Events { get; } = [];

        public LatencySample Latency { get; } = new();

        public long TypingSent { get; set; }

        public long MessagesSent { get; set; }

        public long Answered { get; set; }

        public long Rejected { get; set; }

        public bool Failed { get; set; }

        // Set by the sender, cleared by the receiver when the answer arrives.
        private volatile PendingMessage? _pending;

        public PendingMessage? Pending
        {
            get => _pending;
            set => _pending = value;
        }
    }
}
