using TypingGateway.Diagnostics;
using TypingGateway.Redis;

namespace TypingGateway.Auth;

/// <summary>
/// The tokens of one upstream in one process. A valid token is served from memory (no I/O); from its
/// refresh time one background refresh runs while the token keeps serving; only a process with no
/// usable token makes requests wait. Across instances the refresh goes through Redis
/// (<see cref="RedisTokenCache"/>): one instance takes the lock and asks the identity provider, the
/// others adopt what it publishes. Failures start a shared, jittered, doubling backoff; without Redis
/// the same rules apply per process.
/// </summary>
internal sealed partial class UpstreamTokenSource
{
    private readonly TokenEndpointClient _endpoint;
    private readonly RedisTokenCache? _shared;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _owner;
    private const string RedisFeature = "tokens";

    private readonly Lock _gate = new();
    private volatile UpstreamToken? _current;
    private volatile string? _rejected;
    private Task<UpstreamToken>? _refresh;
    private DateTimeOffset _backoffUntil;
    private DateTimeOffset _nextBackgroundAttempt;
    private int _localFailures;
    private readonly RedisOutageLatch _sharedOutage = new();

    public UpstreamTokenSource(Upstream upstream, TokenEndpointClient endpoint, RedisTokenCache? shared, TimeProvider time, GatewayMetrics metrics, ILogger logger, string owner)
    {
        Upstream = upstream;
        _endpoint = endpoint;
        _shared = shared is { IsConfigured: true } ? shared : null;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _owner = owner;
    }

    public Upstream Upstream { get; }

    /// <summary>How long one instance may hold the refresh lock: the token request plus slack.</summary>
    private TimeSpan LockTime => Upstream.TokenRequestTimeout + TimeSpan.FromSeconds(2);

    /// <summary>A usable token, waiting for a refresh only when there is none.</summary>
    /// <exception cref="TokenUnavailableException">No token could be obtained (identity provider failing, backoff running).</exception>
    public ValueTask<UpstreamToken> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var token = Usable(now);
        if (token is not null)
        {
            if (now >= token.RefreshAt && now >= _nextBackgroundAttempt && now >= BackoffUntil)
            {
                Observe(Refresh());
            }

            return ValueTask.FromResult(token);
        }

        var backoffUntil = BackoffUntil;
        return now < backoffUntil
            ? ValueTask.FromException<UpstreamToken>(Unavailable(backoffUntil - now, "the token endpoint failed recently"))
            : new ValueTask<UpstreamToken>(Refresh().WaitAsync(cancellationToken));
    }

    /// <summary>
    /// The upstream answered 401 to <paramref name="rejected"/>: renew it once across the cluster (or adopt
    /// what another instance renewed). Null when no renewal is due (the token is too young to blame) or possible.
    /// </summary>
    public async ValueTask<UpstreamToken?> RenewAsync(UpstreamToken rejected, CancellationToken cancellationToken)
    {
        if (!CanRenew(rejected))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (Usable(now) is { } current && current.Fingerprint != rejected.Fingerprint)
        {
            return current;
        }

        Log.TokenRejected(_logger, Upstream.Name);
        _rejected = rejected.Fingerprint; // from now on neither this process nor Redis may serve it
        try
        {
            return await GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TokenUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Whether a 401 for <paramref name="rejected"/> would renew it: another token is already in use, or it is old enough to blame.</summary>
    public bool CanRenew(UpstreamToken rejected) =>
        _current != rejected || _time.GetUtcNow() - rejected.IssuedAt >= Upstream.ForcedRenewalInterval;

    /// <summary>Whether this instance holds a token it would use now (the summary's cachedTokens).</summary>
    public bool HasUsableToken => Usable(_time.GetUtcNow()) is not null;

    /// <summary>For readiness: null when fine, else why no token can be served.</summary>
    public string? Problem()
    {
        // From the first failure until a token is usable again: not only while the backoff runs (after it, the next
        // attempt waits for a request, and a readiness probe in that gap must not read Healthy).
        var now = _time.GetUtcNow();
        var backoffUntil = BackoffUntil;
        if (Usable(now) is not null || backoffUntil == DateTimeOffset.MinValue)
        {
            return null;
        }

        return now < backoffUntil
            ? $"no token for upstream '{Upstream.Name}': the token endpoint is failing (next attempt in {(backoffUntil - now).TotalSeconds:0.#} s)"
            : $"no token for upstream '{Upstream.Name}': the token endpoint failed (next attempt with the next request)";
    }

    private DateTimeOffset BackoffUntil
    {
        get
        {
            lock (_gate)
            {
                return _backoffUntil;
            }
        }
    }

    private UpstreamToken? Usable(DateTimeOffset now) =>
        _current is { } token && now < token.UsableUntil && token.Fingerprint != _rejected ? token : null;

    private Task<UpstreamToken> Refresh()
    {
        lock (_gate)
        {
            if (_refresh is { IsCompleted: false } running)
            {
                return running;
            }

            _nextBackgroundAttempt = _time.GetUtcNow() + AuthDefaults.RefreshPollInterval;
            _refresh = RefreshAsync();
            return _refresh;
        }
    }

    private async Task<UpstreamToken> RefreshAsync()
    {
        await Task.Yield(); // never run the refresh inside the caller's lock
        var deadline = _time.GetUtcNow() + (LockTime * 2);
        while (true)
        {
            var reply = await AcquireSharedAsync().ConfigureAwait(false);
            if (reply is not { } shared)
            {
                return await FetchAsync(lockHeld: false).ConfigureAwait(false);
            }

            var now = _time.GetUtcNow();
            switch (shared.State)
            {
                case SharedTokenState.Fresh when Adopt(shared.Token!, now) is { } adopted:
                    return adopted;
                case SharedTokenState.Fresh:
                    _rejected = shared.Token!.Fingerprint; // sealed under another secret, or damaged: renew it
                    break;
                case SharedTokenState.InBackoff:
                    SetBackoff(now + shared.Backoff);
                    return Usable(now) ?? (shared.Token is { } stale ? Adopt(stale, now) : null)
                        ?? throw Unavailable(shared.Backoff, "the token endpoint failed recently");
                case SharedTokenState.LockTaken:
                    return await FetchAsync(lockHeld: true).ConfigureAwait(false);
                default:
                    var usable = Usable(now) ?? (shared.Token is { } valid ? Adopt(valid, now) : null);
                    if (usable is not null)
                    {
                        return usable; // another instance is refreshing; this token is still valid meanwhile
                    }

                    if (now >= deadline)
                    {
                        throw Unavailable(TimeSpan.Zero, "another instance's token refresh did not complete in time");
                    }

                    await Task.Delay(AuthDefaults.RefreshPollInterval, _time).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task<SharedTokenReply?> AcquireSharedAsync()
    {
        if (_shared is null)
        {
            return null;
        }

        try
        {
            var reply = await _shared.AcquireAsync(Upstream.Name, _rejected, _owner, LockTime, CancellationToken.None).ConfigureAwait(false);
            SharedCacheAnswered();
            return reply;
        }
        catch (RedisUnavailableException ex)
        {
            SharedCacheFailed(ex);
            return null;
        }
    }

    private async Task<UpstreamToken> FetchAsync(bool lockHeld)
    {
        var requestedAt = _time.GetUtcNow();
        IssuedToken issued;
        string secret;
        try
        {
            if (!Upstream.ClientSecret.TryRead(out var read, out var error))
            {
                throw new TokenRequestException($"the client secret cannot be read: {error}");
            }

            secret = read;
            issued = await _endpoint.RequestAsync(Upstream, secret, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TokenRequestException ex)
        {
            _metrics.TokenRequest(Upstream.Name, succeeded: false);
            var backoff = await FailAsync(lockHeld).ConfigureAwait(false);
            Log.TokenRequestFailed(_logger, Upstream.Name, ex.Message, (long)backoff.TotalMilliseconds);
            var now = _time.GetUtcNow();
            SetBackoff(now + backoff);
            return Usable(now) ?? throw Unavailable(backoff, "the token endpoint failed");
        }

        _metrics.TokenRequest(Upstream.Name, succeeded: true);
        var token = UpstreamToken.Issued(issued, requestedAt, Upstream, Random.Shared.NextDouble());
        lock (_gate)
        {
            _localFailures = 0;
            _backoffUntil = DateTimeOffset.MinValue;
        }

        if (lockHeld)
        {
            await PublishAsync(token, secret).ConfigureAwait(false);
        }

        _current = token;
        var refreshIn = token.RefreshAt - _time.GetUtcNow();
        Log.TokenObtained(_logger, Upstream.Name, (long)token.Lifetime.TotalSeconds, (long)refreshIn.TotalSeconds);
        return token;
    }

    private async Task PublishAsync(UpstreamToken token, string secret)
    {
        var remaining = token.ExpiresAt - _time.GetUtcNow();
        try
        {
            var sealedToken = TokenProtector.Seal(Upstream, secret, token.Value);
            await _shared!.PublishAsync(Upstream.Name, _owner, new SharedToken(sealedToken, token.Fingerprint, remaining, remaining, token.RefreshBefore), CancellationToken.None)
                .ConfigureAwait(false);
            SharedCacheAnswered();
        }
        catch (RedisUnavailableException ex)
        {
            // The others find the lock expired and refresh themselves: one extra token request, nothing lost.
            SharedCacheFailed(ex);
        }
    }

    private async Task<TimeSpan> FailAsync(bool lockHeld)
    {
        var factor = 1 + (Random.Shared.NextDouble() / 4); // jitter only lengthens: the backoff is a floor
        if (lockHeld)
        {
            try
            {
                var shared = await _shared!.FailAsync(Upstream.Name, _owner, Upstream.FailureBackoff, Upstream.MaxFailureBackoff, factor, CancellationToken.None)
                    .ConfigureAwait(false);
                SharedCacheAnswered();
                return shared;
            }
            catch (RedisUnavailableException ex)
            {
                SharedCacheFailed(ex);
            }
        }

        lock (_gate)
        {
            var doublings = Math.Min(_localFailures++, 30);
            var backoff = Math.Min(Upstream.MaxFailureBackoff.TotalMilliseconds, Upstream.FailureBackoff.TotalMilliseconds * Math.Pow(2, doublings));
            return TimeSpan.FromMilliseconds(Math.Floor(backoff * factor));
        }
    }

    private UpstreamToken? Adopt(SharedToken shared, DateTimeOffset now)
    {
        if (shared.Fingerprint == _rejected || !Upstream.ClientSecret.TryRead(out var secret, out _)
            || TokenProtector.Unseal(Upstream, secret, shared.Sealed) is not { } value)
        {
            return null;
        }

        var token = UpstreamToken.Shared(value, now, shared.Remaining, shared.Lifetime, shared.RefreshBefore);
        if (now >= token.UsableUntil)
        {
            return null;
        }

        _current = token;
        Log.TokenAdopted(_logger, Upstream.Name, (long)(token.ExpiresAt - now).TotalSeconds);
        return token;
    }

    private void SetBackoff(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _backoffUntil)
            {
                _backoffUntil = until;
            }
        }
    }

    private void SharedCacheAnswered()
    {
        if (_sharedOutage.Leave())
        {
            Log.SharedCacheBack(_logger, Upstream.Name);
        }
    }

    private void SharedCacheFailed(RedisUnavailableException exception)
    {
        _metrics.RedisFallback(RedisFeature);
        if (_sharedOutage.Enter())
        {
            Log.SharedCacheUnavailable(_logger, Upstream.Name, exception.Message);
        }
    }

    private TokenUnavailableException Unavailable(TimeSpan retryAfter, string reason) =>
        new(Upstream.Name, retryAfter, $"No access token for upstream '{Upstream.Name}': {reason}.");

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
