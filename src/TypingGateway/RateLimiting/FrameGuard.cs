using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.RateLimiting;

/// <summary>
/// The limits of one guest WebSocket (design §6): channel constraints and rate limits per frame class,
/// shared across instances through the GCRA store. Over a limit the guest gets the platform's error
/// frame and the frame is not forwarded; a shaping policy holds messages back instead, in order; a
/// guest far beyond its allowance is disconnected with 1008. Collapsed typing never reaches here.
/// The message size limit is enforced by the frame filter itself, which asks the guard for the answer.
/// For a route in shadow (<see cref="Observing"/>) the guard decides, counts, charges and waits the same (its caller
/// decides after forwarding, so a shaping delay holds no frame), but sends the guest no error frame.
/// </summary>
internal sealed partial class FrameGuard : IGuestMessageSizeLimit
{
    private const string Constraints = "constraints";

    private const string Messages = "messages";
    private const string Typing = "typing";
    private const string Other = "other";

    private readonly WebSocketGuardSettings _settings;
    private readonly RateLimitPolicyCatalog _catalog;
    private readonly IGcraStore _store;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly HttpContext _upgrade;
    private readonly ChatPlatform _platform;
    private readonly string _connection = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, (long Start, double Count)> _windows = new(StringComparer.Ordinal);

    // When this connection last released a frame of a shaping policy (a timestamp of _time; 0: never).
    private long _lastShapedRelease;

    // The guest whose typing start yielded last, and until when (timestamp) the store would refuse it again: its later
    // keystrokes ask again only from then on (the store's retry time only moves later), not once per keystroke.
    private TypingKey? _yieldedStart;
    private long _yieldedUntil;
    private readonly IGuestInjector _guest;
    private readonly RouteMode _route;

    public FrameGuard(
        WebSocketGuardSettings settings,
        RateLimitPolicyCatalog catalog,
        IGcraStore store,
        TimeProvider time,
        GatewayMetrics metrics,
        ILogger logger,
        HttpContext upgrade,
        ChatPlatform platform,
        IGuestInjector guest,
        RouteMode? route = null)
    {
        _route = route ?? RouteMode.None;
        // guest: where error frames to the guest go (the connection's frame filter, once upgraded).
        _guest = guest;
        _settings = settings;
        _catalog = catalog;
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _upgrade = upgrade;
        _platform = platform;
    }

    /// <summary>True while the decisions being made are a shadow route's: counted and waited for, never answered.</summary>
    public bool Observing { get; set; }

    /// <summary>The route's limit on guest message size for the frame filter; null when the route sets none.</summary>
    public IGuestMessageSizeLimit? MessageSizeLimit => _settings.MaxMessageBytes is null ? null : this;

    long IGuestMessageSizeLimit.MaxMessageBytes => _settings.MaxMessageBytes ?? long.MaxValue;

    /// <summary>A platform with channel constraints has an answer (Genesys: its 4011 frame); others have none.</summary>
    bool IGuestMessageSizeLimit.TryDiscardMessage()
    {
        if (_platform.ChannelConstraints is not { } constraints)
        {
            return false;
        }

        _metrics.RateLimitDecision(Constraints, "ws", "rejected", _route);
        _guest.TryInjectToGuest(constraints.MessageTooLong); // the reader discards the message whatever the route's mode: say so
        return true;
    }

    void IGuestMessageSizeLimit.OnClosedOverLimit() => _metrics.RateLimitDecision(Constraints, "ws", "closed", _route);

    /// <summary>Messages and other frames, before collapsing: constraints, then the class's policy. Null: go on.</summary>
    public async ValueTask<FrameVerdict?> CheckAsync(TypingSignal signal, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        if (signal.Kind is TypingSignalKind.Start or TypingSignalKind.Stop)
        {
            return null; // typing counts only once forwarded: CheckForwardedTypingAsync
        }

        var message = signal.Kind == TypingSignalKind.Message;
        // A route with only a size limit costs no parse here: that limit is the frame filter's.
        var constraints = _settings is { MaxTextLength: null, AllowedAttachmentTypes: null } ? null : _platform.ChannelConstraints;
        if (constraints?.Check(utf8Json, _settings.MaxTextLength, _settings.AllowedAttachmentTypes) is { } violation)
        {
            _metrics.RateLimitDecision(Constraints, "ws", "rejected", _route);
            Log.ConstraintViolated(_logger);
            Answer(violation);
            return FrameVerdict.Drop;
        }

        var (name, frameClass) = message ? (_settings.Messages, Messages) : (_settings.Other, Other);
        var verdict = await LimitAsync(name, frameClass, signal.Key, errorFrame: true, shape: message, cancellationToken).ConfigureAwait(false);
        return verdict == FrameVerdict.Forward ? null : verdict;
    }

    /// <summary>
    /// A typing frame the collapser forwards. On a platform that counts typing in its message budget
    /// (<see cref="ChatPlatform.TypingSharesMessageBudget"/>) it is first charged to the route's message policy, never
    /// waiting and only while a message could still follow at once (a reserve of one permit): typing yields to
    /// messages, so the platform never rejects a message because of it. During a Redis outage that policy is this
    /// instance's share, so the instances together stay within the platform's budget. Then the typing policy. Over
    /// either, the frame is dropped quietly (typing is best effort, a message is not). A stop is charged too but needs no
    /// reserve. A start that yielded is not asked about again for the same guest before the store's retry time (it could
    /// only be refused again; later keystrokes of the burst were a Redis round trip each).
    /// </summary>
    public async ValueTask<FrameVerdict> CheckForwardedTypingAsync(TypingSignal signal, CancellationToken cancellationToken)
    {
        if (_platform.TypingSharesMessageBudget && _settings.Messages is { } name && _catalog.TryGet(name, out var messages))
        {
            // A stop may take the last permit (a stuck indicator is worse than a start that comes a little later).
            var start = signal.Kind == TypingSignalKind.Start;
            if (start && _yieldedStart is { } yielded && yielded.Equals(signal.Key) && _time.GetTimestamp() < _yieldedUntil)
            {
                _metrics.RateLimitDecision(messages.Name, "ws", "typing-yielded", _route);
                return FrameVerdict.Drop;
            }

            var yielding = messages.Limits with { MaxDelay = TimeSpan.Zero, Reserve = start ? 1 : 0 };
            var decision = await _store.AcquireAsync(messages.Name, Partition(messages, signal.Key), yielding, cancellationToken).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                if (start && decision.RetryAfter > TimeSpan.Zero)
                {
                    _yieldedStart = signal.Key;
                    _yieldedUntil = _time.GetTimestamp() + (long)(decision.RetryAfter.TotalSeconds * _time.TimestampFrequency);
                }

                _metrics.RateLimitDecision(messages.Name, "ws", "typing-yielded", _route);
                return FrameVerdict.Drop;
            }
        }

        return await LimitAsync(_settings.Typing, Typing, signal.Key, errorFrame: false, shape: false, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<FrameVerdict> LimitAsync(string? policyName, string frameClass, TypingKey? guest, bool errorFrame, bool shape, CancellationToken cancellationToken)
    {
        if (policyName is null || !_catalog.TryGet(policyName, out var policy))
        {
            return FrameVerdict.Forward;
        }

        if (IsAbuse(policy, frameClass))
        {
            _metrics.RateLimitDecision(policy.Name, "ws", "closed", _route);
            Log.Closed(_logger, policy.Name);
            return FrameVerdict.Close;
        }

        var partition = Partition(policy, guest);
        var limits = shape && policy.Mode == RateLimitMode.Shape ? policy.Limits : policy.Limits with { MaxDelay = TimeSpan.Zero };
        var decision = await _store.AcquireAsync(policy.Name, partition, limits, cancellationToken).ConfigureAwait(false);
        if (decision.Allowed)
        {
            var delay = decision.Delay;
            if (delay > TimeSpan.Zero)
            {
                // The store's delay assumes the frame before went out on time. A timer that fired late (a loaded
                // machine) moved it closer to this one, and the platform counts real arrivals in a sliding second:
                // keep at least one emission interval after the frame this connection actually released last.
                if (limits.Equals(policy.Limits) && _lastShapedRelease != 0)
                {
                    var spacing = TimeSpan.FromSeconds(1 / policy.Limits.PermitsPerSecond) - _time.GetElapsedTime(_lastShapedRelease);
                    delay = spacing > delay ? spacing : delay;
                }

                // Holding this frame holds the guest's stream: later frames keep their order behind it.
                _metrics.RateLimitDecision(policy.Name, "ws", "shaped", _route);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _metrics.RateLimitDecision(policy.Name, "ws", "allowed", _route);
            }

            if (shape && policy.Mode == RateLimitMode.Shape)
            {
                _lastShapedRelease = _time.GetTimestamp();
            }

            return FrameVerdict.Forward;
        }

        _metrics.RateLimitDecision(policy.Name, "ws", "rejected", _route);
        if (errorFrame)
        {
            var template = policy.RejectionFrame ?? _platform.RateLimitRejectionFrame;
            Answer(RateLimitRejections.Frame(template, decision.RetryAfter));
        }

        return FrameVerdict.Drop;
    }

    // The guest hears the gateway's answer only where the gateway enforces.
    private void Answer(ReadOnlyMemory<byte> frame)
    {
        if (!Observing)
        {
            _guest.TryInjectToGuest(frame);
        }
    }

    private string Partition(RateLimitPolicy policy, TypingKey? guest) => policy.Partition switch
    {
        RateLimitPartitionKind.Guest => guest?.Id ?? _connection, // a frame that names no guest counts for its connection
        _ => TypingKey.Create(policy.Name, policy.PartitionOf(_upgrade) ?? _connection).Id,
    };

    // Frames of one class (admitted or not) within the abuse window, against the policy's allowance for it.
    private bool IsAbuse(RateLimitPolicy policy, string frameClass)
    {
        if (policy.CloseAtMultiple <= 0)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        var window = _windows.TryGetValue(frameClass, out var current) && _time.GetElapsedTime(current.Start, now) < RateLimitDefaults.AbuseWindow
            ? current with { Count = current.Count + 1 }
            : (now, 1);
        _windows[frameClass] = window;
        return window.Count > policy.CloseAtMultiple * policy.WindowAllowance;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "A guest frame broke a channel constraint; answered with the platform's error frame, not forwarded.")]
        public static partial void ConstraintViolated(ILogger logger);

        [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "A guest exceeded rate-limit policy {Policy} many times over; the WebSocket is closed with 1008.")]
        public static partial void Closed(ILogger logger, string policy);
    }
}
