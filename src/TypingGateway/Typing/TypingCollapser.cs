using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Applies one profile's collapse rules to the frames of one guest connection or request
/// (design.md §3): decides what to forward and hands bursts that may need a synthesized stop to
/// an <see cref="ITypingStopSink"/>. All cross-instance state is in the <see cref="ITypingStateStore"/>.
/// </summary>
internal sealed partial class TypingCollapser
{
    private readonly TypingProfile _profile;
    private readonly TypingContext _context;
    private readonly ITypingStateStore _store;
    private readonly ITypingStopSink? _stops;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;

    public TypingCollapser(TypingProfile profile, TypingContext context, ITypingStateStore store, ITypingStopSink? stops, GatewayMetrics metrics, ILogger logger)
    {
        _profile = profile;
        _context = context;
        _store = store;
        _stops = stops;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Typing starts and stops forwarded so far (unkeyed and fail-open ones included), for the request's span.</summary>
    public int Forwarded { get; private set; }

    /// <summary>Typing starts and stops suppressed so far.</summary>
    public int Suppressed { get; private set; }

    /// <summary>
    /// True to forward the guest's frame (or request) unchanged, false to drop it. Fails open: if
    /// anything goes wrong the frame is forwarded, so a fault can cost collapsing but never a message.
    /// </summary>
    public ValueTask<bool> ShouldForwardAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken) =>
        ShouldForwardAsync(utf8Json, Recognize(utf8Json), cancellationToken);

    /// <summary>What the profile's recogniser makes of a frame (for callers that act on it before collapsing).</summary>
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json) => _profile.Recognizer.Recognize(utf8Json, _context);

    /// <summary>As <see cref="ShouldForwardAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, for a frame already recognised.</summary>
    public async ValueTask<bool> ShouldForwardAsync(ReadOnlyMemory<byte> utf8Json, TypingSignal signal, CancellationToken cancellationToken)
    {
        bool forward;
        try
        {
            forward = await DecideAsync(utf8Json, signal, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DecisionFailed(_logger, _profile.Name, ex);
            forward = true;
        }

        // Frames of one connection are decided one at a time (the guest's read loop), so no interlocking.
        if (signal.Kind is TypingSignalKind.Start or TypingSignalKind.Stop)
        {
            if (forward)
            {
                Forwarded++;
            }
            else
            {
                Suppressed++;
            }
        }

        return forward;
    }

    private async ValueTask<bool> DecideAsync(ReadOnlyMemory<byte> utf8Json, TypingSignal signal, CancellationToken cancellationToken)
    {
        switch (signal.Kind)
        {
            case TypingSignalKind.Preview:
                var forwardPreview = _profile.Preview == PreviewMode.Forward;
                _metrics.TypingFrame(_profile.Name, TypingSignalNames.Preview, forwardPreview ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed);
                return forwardPreview;

            case TypingSignalKind.Message when signal.Key is { } key:
                // Reset before the message is forwarded, and drop any stop not yet sent: the platform
                // clears typing on a message, and a stop must never arrive after it.
                _stops?.Disarm(key);
                _stops?.DropQueued();
                await _store.MessageAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
                return true;

            case TypingSignalKind.Start or TypingSignalKind.Stop:
                return await OnTypingAsync(signal, utf8Json, cancellationToken).ConfigureAwait(false);

            default:
                return true;
        }
    }

    private async ValueTask<bool> OnTypingAsync(TypingSignal signal, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var start = signal.Kind == TypingSignalKind.Start;
        var name = start ? TypingSignalNames.Start : TypingSignalNames.Stop;
        _metrics.TypingFrame(_profile.Name, name, TypingSignalNames.Received);
        if (signal.Key is not { } key)
        {
            // Nothing identifies the guest: collapsing could merge strangers, so pass it through.
            _metrics.TypingFrame(_profile.Name, name, TypingSignalNames.Unkeyed);
            return true;
        }

        TypingDecision decision;
        if (start)
        {
            decision = await _store.StartAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
            if (decision == TypingDecision.Forward)
            {
                // A new burst began after an idle check ended the last one: its queued stop is stale.
                _stops?.DropQueued();
            }

            _stops?.Arm(key, _profile.Timings, utf8Json);
        }
        else
        {
            _stops?.Disarm(key);
            decision = await _store.StopAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
        }

        var forward = decision == TypingDecision.Forward;
        _metrics.TypingFrame(_profile.Name, name, forward ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed);
        return forward;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Typing profile {Profile}: could not decide on a guest frame; forwarding it unchanged.")]
        public static partial void DecisionFailed(ILogger logger, string profile, Exception exception);
    }
}
