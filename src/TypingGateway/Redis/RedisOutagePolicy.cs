namespace TypingGateway.Redis;

/// <summary>
/// The one place that decides whether Redis is available, for typing state, rate limits and tokens alike
/// (design.md §4). The first call that fails or times out declares an outage; from then on every call fails at
/// once with <see cref="RedisUnavailableException"/> (so at most the calls already in flight wait one operation
/// timeout), while a background probe reads the server's <c>TIME</c> with a doubling backoff. The first probe
/// that answers ends the outage. Each outage is logged once, and its end once.
/// </summary>
/// <remarks>
/// The probe's <c>TIME</c> also calibrates <see cref="ServerDeadline"/>: every script gets the instant, in the
/// server's clock, after which its caller no longer waits, and does nothing when it runs later (a frozen server
/// that resumes would otherwise apply commands whose callers already fell back to per-process state).
/// </remarks>
internal sealed partial class RedisOutagePolicy : IDisposable
{
    private const int Available = 0;
    private const int Unavailable = 1;

    private readonly Func<CancellationToken, Task<DateTimeOffset>> _readServerTime;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeSpan _firstProbeDelay;
    private readonly TimeSpan _maxProbeDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly CancellationToken _stopping;
    private int _state = Available;
    private long _outageStarted;
    private long _serverOffsetTicks;
    private int _calibrated;
    private int _isDisposed;

    /// <param name="readServerTime">One round trip that returns the server's clock (<c>TIME</c>); throws when Redis cannot answer.</param>
    /// <param name="operationTimeout">How long a probe may take.</param>
    /// <param name="firstProbeDelay">The delay before the first probe of an outage; it doubles after each failed probe.</param>
    /// <param name="maxProbeDelay">The longest delay between two probes.</param>
    /// <param name="time">The clock of delays and deadlines.</param>
    /// <param name="logger">Logs the start and the end of an outage.</param>
    public RedisOutagePolicy(
        Func<CancellationToken, Task<DateTimeOffset>> readServerTime,
        TimeSpan operationTimeout,
        TimeSpan firstProbeDelay,
        TimeSpan maxProbeDelay,
        TimeProvider time,
        ILogger logger)
    {
        _readServerTime = readServerTime;
        _operationTimeout = operationTimeout;
        _firstProbeDelay = firstProbeDelay;
        _maxProbeDelay = maxProbeDelay;
        _time = time;
        _logger = logger;
        _stopping = _disposed.Token; // read once: the token stays usable (cancelled) after the source is disposed
    }

    /// <summary>False from the first failed call until a probe answers.</summary>
    public bool IsAvailable => Volatile.Read(ref _state) == Available;

    /// <summary>Fails fast during an outage.</summary>
    /// <exception cref="RedisUnavailableException">An outage is in progress.</exception>
    public void ThrowIfUnavailable()
    {
        if (!IsAvailable)
        {
            throw new RedisUnavailableException("Redis is unavailable; calls fail fast until a background probe answers.");
        }
    }

    /// <summary>
    /// Records a failed call: the first failure of an outage logs it and starts probing. Returns the exception
    /// the caller throws.
    /// </summary>
    public RedisUnavailableException Failed(string operation, Exception cause)
    {
        if (Interlocked.CompareExchange(ref _state, Unavailable, Available) == Available)
        {
            Volatile.Write(ref _outageStarted, _time.GetTimestamp());
            Log.Unavailable(_logger, operation, cause.GetType().Name, cause.Message);
            _ = ProbeUntilAvailableAsync();
        }

        return cause as RedisUnavailableException ?? new RedisUnavailableException($"Redis operation {operation} failed: {cause.Message}", cause);
    }

    /// <summary>
    /// The instant after which a call started now with <paramref name="budget"/> left is of no use to its caller,
    /// as Unix milliseconds of the server's clock; 0 (no deadline) until the clock offset has been measured once.
    /// </summary>
    public long ServerDeadline(TimeSpan budget)
    {
        if (Volatile.Read(ref _calibrated) == 0)
        {
            return 0;
        }

        var serverNow = _time.GetUtcNow() + TimeSpan.FromTicks(Volatile.Read(ref _serverOffsetTicks));
        return (serverNow + budget).ToUnixTimeMilliseconds();
    }

    /// <summary>Measures the offset between this process's clock and the server's (one <c>TIME</c>); false when Redis did not answer.</summary>
    public async Task<bool> CalibrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var before = _time.GetUtcNow();
            var server = await _readServerTime(cancellationToken).WaitAsync(_operationTimeout, _time, cancellationToken).ConfigureAwait(false);
            var after = _time.GetUtcNow();
            var local = before + ((after - before) / 2);
            Volatile.Write(ref _serverOffsetTicks, (server - local).Ticks);
            Volatile.Write(ref _calibrated, 1);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // Idempotent: the connection that owns the policy is disposed once as a singleton and once as a hosted service.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _isDisposed, 1) == 0)
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }
    }

    private async Task ProbeUntilAvailableAsync()
    {
        var token = _stopping;
        var delay = _firstProbeDelay;
        try
        {
            while (true)
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                if (await CalibrateAsync(token).ConfigureAwait(false))
                {
                    // Logged before the state flips, so that a failure right after cannot log its outage first.
                    var lasted = _time.GetElapsedTime(Volatile.Read(ref _outageStarted));
                    Log.AvailableAgain(_logger, (long)lasted.TotalMilliseconds);
                    Volatile.Write(ref _state, Available);
                    return;
                }

                delay = delay * 2 < _maxProbeDelay ? delay * 2 : _maxProbeDelay;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
            Message = "Redis unavailable ({Operation}: {Cause}: {Reason}); every feature runs on per-process state and Redis is probed in the background.")]
        public static partial void Unavailable(ILogger logger, string operation, string cause, string reason);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Redis available again after {DurationMs} ms; state is shared again.")]
        public static partial void AvailableAgain(ILogger logger, long durationMs);
    }
}
