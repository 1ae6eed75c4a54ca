using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One guest tab: a WebSocket whose incoming frames are drained in the background (as a widget does).</summary>
public sealed class ChatGuest : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentQueue<string> _received = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _reader;
    private readonly bool _answerClose;

    private ChatGuest(ClientWebSocket socket, bool answerClose)
    {
        _socket = socket;
        _answerClose = answerClose;
        ResponseHeaders = socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>();
        _reader = Task.Run(ReadAsync);
    }

    public IReadOnlyCollection<string> Received => _received;

    public WebSocketState State => _socket.State;

    /// <summary>The close code the peer sent, once it closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The reason the peer gave with its close.</summary>
    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Headers of the upgrade response (101), e.g. which replica a load balancer picked; empty unless asked for at connect.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> ResponseHeaders { get; }

    /// <summary>Completes when the socket stops receiving: the peer closed it or reset the connection, or it was disposed.</summary>
    public Task Completion => _reader;

    /// <param name="uri">The gateway's WebSocket address.</param>
    /// <param name="answerClose">
    /// True: a Close from the server is answered at once with the same status, as a browser does (ClientWebSocket
    /// leaves that to the application). False: a client that never answers (a dead widget).
    /// </param>
    /// <param name="collectResponseHeaders">Keep the upgrade response's headers in <see cref="ResponseHeaders"/>.</param>
    public static async Task<ChatGuest> ConnectAsync(Uri uri, bool answerClose = true, bool collectResponseHeaders = false)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = collectResponseHeaders;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new ChatGuest(socket, answerClose);
    }

    public async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendTextAsync(text);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends <paramref name="text"/> as one message in <paramref name="fragments"/> frames.</summary>
    public async Task SendFragmentedAsync(string text, int fragments)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendMessageAsync(WebSocketMessage.Text(text), fragments);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task<string> WaitForAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_received.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching frame within {timeout.TotalSeconds:0.#} s; received: {string.Join(" | ", _received.TakeLast(10))}");
    }

    private async Task ReadAsync()
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var message = await _socket.ReceiveMessageAsync(Timeout.InfiniteTimeSpan);
                if (message is null)
                {
                    if (_answerClose && _socket.State == WebSocketState.CloseReceived)
                    {
                        await AnswerCloseAsync();
                    }

                    return;
                }

                _received.Enqueue(message.AsText());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The test closed or the peer dropped the socket; Received keeps what arrived.
        }
    }

    private async Task AnswerCloseAsync()
    {
        await _sendLock.WaitAsync();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, _socket.CloseStatusDescription, cts.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Best effort: the test is over.
            }
        }

        _socket.Abort();
        await _reader;
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
