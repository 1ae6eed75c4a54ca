using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>
/// One accepted WebSocket. Sends are serialized because pushes (agent replies, other tabs'
/// messages) and responses are written from different tasks, and WebSocket allows one send at a time.
/// </summary>
internal sealed class SimulatorConnection(HttpContext context, WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public string Id => context.Connection.Id;

    public WebSocket Socket => socket;

    /// <summary>Sends one frame; returns false when the socket is gone (pushes to closed tabs are dropped).</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return false;
            }

            await socket.SendAsync(data, type, endOfMessage, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return false;
        }
        finally
        {
            ReleaseSendLock();
        }
    }

    public Task<bool> SendTextAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Sends our close frame (server-initiated close or the answer to the client's).</summary>
    public async Task CloseOutputAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, description, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer is already gone: nothing left to close.
        }
        finally
        {
            ReleaseSendLock();
        }
    }

    /// <summary>Kills the TCP connection without a close handshake, as a network failure would.</summary>
    /// <summary>Aborts the socket and its connection; false when the request had already ended (its context disposed).</summary>
    public bool Abort()
    {
        try
        {
            socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            return false; // the connection ended between the registry's snapshot and this call
        }

        try
        {
            context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Aborting the socket ended the handler's loop and so the request, which disposed the context: dropped all the same.
        }

        return true;
    }

    public void Dispose() => _sendLock.Dispose();

    private void ReleaseSendLock()
    {
        try
        {
            _sendLock.Release();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended while a push was in flight.
        }
    }
}
