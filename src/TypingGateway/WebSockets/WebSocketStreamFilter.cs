using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TypingGateway.WebSockets;

/// <summary>
/// Wraps the guest side of an upgraded (HTTP/1.1) WebSocket connection. The proxy reads guest → upstream
/// bytes from it and writes upstream → guest bytes to it, as it would with the raw stream. Every byte
/// passes through untouched, except that the inspector may drop whole small text frames from the guest,
/// a guest message over the route's size limit is discarded (or the connection closed with 1009), and
/// the gateway may add whole frames of its own in either direction, only between messages.
/// </summary>
/// <remarks>
/// Concurrency follows the proxy's use of an upgraded stream: one reader and one writer at a time, which
/// may run concurrently with each other. <see cref="TryInjectToUpstream"/>, <see cref="TryInjectToGuest"/>
/// and <see cref="CancelPendingInjections"/> may be called from any thread at any time.
/// Synchronous I/O is not supported, as Kestrel does not allow it on upgraded streams by default.
/// </remarks>
internal sealed class WebSocketStreamFilter : Stream
{
    /// <summary>RFC 6455 §7.4.1 1001: the endpoint is going away (a stop, or an idle connection closed).</summary>
    public const ushort GoingAwayStatus = 1001;

    private const string IdleReason = "idle timeout";

    private readonly Stream _inner;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly GuestFrameReader _reader;
    private readonly GuestFrameWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ITimer? _idleTimer;
    private TimeSpan _idleTimeout;

    // When the proxy last read or wrote (a timestamp of _time): the idle close measures silence from it.
    private long _lastActivity;
    private int _disposed;

    /// <param name="inner">The upgraded guest stream.</param>
    /// <param name="inspector">Decides on small single-frame text messages from the guest.</param>
    /// <param name="options">Inspection limit and injection queue size.</param>
    /// <param name="logger">Where the filter logs; none by default.</param>
    /// <param name="sizeLimit">The route's limit on guest data messages; null: none.</param>
    /// <param name="timeProvider">The clock of the over-size discard window; the system clock by default.</param>
    /// <param name="rejections">Watches the upstream's text messages for the platform's rate-limit rejection; null: none.</param>
    public WebSocketStreamFilter(
        Stream inner,
        IGuestFrameInspector inspector,
        WebSocketFilterOptions options,
        ILogger? logger = null,
        IGuestMessageSizeLimit? sizeLimit = null,
        TimeProvider? timeProvider = null,
        PlatformRejectionDetector? rejections = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InspectionLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InspectionLimit, WebSocketFilterDefaults.MaxInspectionLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingInjections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OversizeDiscardPerMessage, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OversizeDiscardPerWindow, options.OversizeDiscardPerMessage);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OversizeDiscardWindow, TimeSpan.Zero);
        if (sizeLimit is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeLimit.MaxMessageBytes, nameof(sizeLimit));
        }

        _inner = inner;
        _time = timeProvider ?? TimeProvider.System;
        logger ??= NullLogger.Instance;
        _logger = logger;
        _lastActivity = _time.GetTimestamp();
        _reader = new GuestFrameReader(inner, inspector, options, sizeLimit, timeProvider ?? TimeProvider.System, logger, _lifetime.Token);
        _writer = new GuestFrameWriter(inner, options, logger, _lifetime.Token, rejections);
    }

    /// <summary>Guest text frames shown to the inspector.</summary>
    public long FramesInspected => _reader.FramesInspected;

    /// <summary>Guest frames removed: on the inspector's verdict, or as part of a message over the size limit.</summary>
    public long FramesDropped => _reader.FramesDropped;

    /// <summary>Gateway frames fully handed to the upstream.</summary>
    public long FramesInjectedToUpstream => _reader.FramesInjected;

    /// <summary>Gateway frames written to the guest.</summary>
    public long FramesInjectedToGuest => _writer.FramesInjected;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Queues a gateway-made text message for the upstream, as a masked client frame with a fresh key.
    /// It is sent at the next message boundary of the guest's stream (never inside a frame or between
    /// fragments), at once if the guest is idle there.
    /// </summary>
    /// <returns>False when the frame cannot be sent: the guest closed or sent a Close frame, its stream is unparseable, or too many frames wait.</returns>
    /// <exception cref="ArgumentException">The payload is not valid UTF-8.</exception>
    public bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8TextPayload) => _reader.TryInject(utf8TextPayload);

    /// <summary>
    /// Withdraws the gateway frames queued for the upstream and not yet started. Call it when a real guest
    /// message is forwarded, e.g. from the inspector, so that a synthesized typing stop never follows it.
    /// </summary>
    /// <returns>How many frames were withdrawn.</returns>
    public int CancelPendingInjections() => _reader.CancelPendingInjections();

    /// <summary>
    /// Queues a gateway-made text message for the guest, as an unmasked server frame. It is written at the
    /// next message boundary of the upstream's stream, at once if that direction is idle there.
    /// </summary>
    /// <returns>False when the frame cannot be sent: the upstream sent a Close frame, its stream is unparseable, a write failed, or too many frames wait.</returns>
    /// <exception cref="ArgumentException">The payload is not valid UTF-8.</exception>
    public bool TryInjectToGuest(ReadOnlyMemory<byte> utf8TextPayload) => _writer.TryInject(utf8TextPayload);

    /// <summary>
    /// Ends the session toward the guest without cutting a message: a Close frame with <paramref name="statusCode"/>
    /// (e.g. 1001 "going away" when the instance drains) at the upstream's next message boundary. The guest's answering
    /// Close reaches the upstream as the guest sends it, after everything the guest sent before it, so the upstream
    /// side closes cleanly too; what the upstream sends after the gateway's Close is not written to the guest.
    /// </summary>
    /// <remarks>
    /// A guest that does not answer within <see cref="WebSocketFilterDefaults.CloseHandshakeTimeout"/> (a dead client)
    /// does not keep the upstream waiting: the gateway sends the upstream the same Close itself at the guest's next
    /// message boundary, and the guest's stream ends there.
    /// </remarks>
    /// <returns>False when a close was already requested, or the upstream closed first or its stream is unparseable.</returns>
    public bool TryCloseGuest(ushort statusCode, string reason)
    {
        if (!_writer.TryClose(statusCode, reason))
        {
            return false;
        }

        _ = CloseUpstreamUnansweredAsync(statusCode, reason);
        return true;
    }

    /// <summary>True once the gateway's Close frame has been written to the guest.</summary>
    public bool ClosedToGuest => _writer.ClosedToGuest;

    /// <summary>
    /// Closes the session with 1001 "idle timeout" (at message boundaries, as <see cref="TryCloseGuest"/>) once nothing
    /// has been read or written for <paramref name="idleTimeout"/>. The route's cluster activity timeout would otherwise
    /// cut both sides without a close frame; the caller passes a value far enough below it for the close handshake.
    /// Logged once, at Information (event 1406).
    /// </summary>
    public void CloseWhenIdle(TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        _idleTimeout = idleTimeout;
        _idleTimer = _time.CreateTimer(static state => ((WebSocketStreamFilter)state!).CheckIdle(), this, idleTimeout, Timeout.InfiniteTimeSpan);
    }

    private void CheckIdle()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (silent < _idleTimeout)
        {
            _idleTimer?.Change(_idleTimeout - silent, Timeout.InfiniteTimeSpan);
            return;
        }

        if (TryCloseGuest(GoingAwayStatus, IdleReason))
        {
            WebSocketFilterLog.IdleClosed(_logger, (long)silent.TotalSeconds);
        }
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    private async Task CloseUpstreamUnansweredAsync(ushort statusCode, string reason)
    {
        try
        {
            await Task.Delay(WebSocketFilterDefaults.CloseHandshakeTimeout, _time, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the connection is gone
        }

        _reader.RequestClose(statusCode, reason); // nothing if the guest's Close has gone upstream meanwhile
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Touch();
        return _reader.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Touch();
        return _writer.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    public override int Read(byte[] buffer, int offset, int count) => throw SynchronousIoNotSupported();

    public override void Write(byte[] buffer, int offset, int count) => throw SynchronousIoNotSupported();

    public override void Flush() => throw SynchronousIoNotSupported();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            await _inner.DisposeAsync();
            _lifetime.Dispose();
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && BeginDispose())
        {
            _inner.Dispose();
            _lifetime.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Ends pending inner reads and gateway writes, and drops queued gateway frames.</summary>
    /// <returns>True for the first caller only.</returns>
    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        _idleTimer?.Dispose();
        _lifetime.Cancel();
        _reader.Dispose();
        _writer.Dispose();
        return true;
    }

    private static NotSupportedException SynchronousIoNotSupported() =>
        new("Synchronous I/O is not supported on a filtered WebSocket stream; use the asynchronous methods.");
}
