using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TypingGateway.Diagnostics;

namespace TypingGateway.Redis;

/// <summary>
/// The cluster-wide side of the token broker: one cached token per upstream, one refresh lock, one
/// failure backoff (<see cref="TokenRedisScripts"/>). Every call throws when Redis is unreachable or
/// slow; the broker then works per process.
/// </summary>
internal sealed class RedisTokenCache
{
    private readonly RedisConnection _connection;
    private readonly RedisScriptRunner _runner;
    private readonly string _prefix;
    private readonly RedisScript _acquire = new(TokenRedisScripts.AcquireName, TokenRedisScripts.Acquire);
    private readonly RedisScript _publish = new(TokenRedisScripts.PublishName, TokenRedisScripts.Publish);
    private readonly RedisScript _fail = new(TokenRedisScripts.FailName, TokenRedisScripts.Fail);

    public RedisTokenCache(RedisConnection connection, IOptions<RedisOptions> options, GatewayMetrics metrics, TimeProvider timeProvider)
    {
        _connection = connection;
        _runner = new RedisScriptRunner(connection, metrics, timeProvider, options.Value.OperationTimeout, TokenRedisScripts.LoadName);
        _prefix = options.Value.KeyPrefix;
    }

    /// <summary>False in single-instance mode: the broker never calls this cache.</summary>
    public bool IsConfigured => _connection.IsConfigured;

    public async Task<SharedTokenReply> AcquireAsync(string upstream, string? rejectedFingerprint, string owner, TimeSpan lockTime, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await _runner.EvaluateAsync(
            _acquire,
            TokenRedisKeys.All(_prefix, upstream),
            [rejectedFingerprint ?? string.Empty, owner, Milliseconds(lockTime)],
            cancellationToken).ConfigureAwait(false))!;
        var state = (long)reply[0] switch
        {
            TokenRedisScripts.Fresh => SharedTokenState.Fresh,
            TokenRedisScripts.InBackoff => SharedTokenState.InBackoff,
            TokenRedisScripts.LockTaken => SharedTokenState.LockTaken,
            _ => SharedTokenState.Busy,
        };
        var token = reply.Length < 7 ? null : new SharedToken(
            (string)reply[2]!,
            (string)reply[3]!,
            TimeSpan.FromMilliseconds((long)reply[4]),
            TimeSpan.FromMilliseconds((long)reply[5]),
            TimeSpan.FromMilliseconds((long)reply[6]));
        return new SharedTokenReply(state, TimeSpan.FromMilliseconds((long)reply[1]), token);
    }

    public Task PublishAsync(string upstream, string owner, SharedToken token, CancellationToken cancellationToken) =>
        _runner.EvaluateAsync(
            _publish,
            TokenRedisKeys.All(_prefix, upstream),
            [owner, token.Sealed, token.Fingerprint, Milliseconds(token.RefreshBefore), Milliseconds(token.Lifetime)],
            cancellationToken);

    /// <summary>Records a failed token request; returns the backoff every instance now waits out.</summary>
    public async Task<TimeSpan> FailAsync(string upstream, string owner, TimeSpan backoff, TimeSpan maxBackoff, double jitterFactor, CancellationToken cancellationToken)
    {
        // Failures are remembered long enough to keep doubling across a long outage, and then forgotten.
        var memory = maxBackoff * 4;
        var result = await _runner.EvaluateAsync(
            _fail,
            TokenRedisKeys.All(_prefix, upstream),
            [owner, Milliseconds(backoff), Milliseconds(maxBackoff), jitterFactor.ToString("0.000", CultureInfo.InvariantCulture), Milliseconds(memory)],
            cancellationToken).ConfigureAwait(false);
        return TimeSpan.FromMilliseconds((long)result);
    }

    public Task WarmUpAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _runner.WarmUpAsync([_acquire, _publish, _fail], timeout, cancellationToken);

    private static long Milliseconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds));
}
