using StackExchange.Redis;
using TypingGateway.Diagnostics;

namespace TypingGateway.Redis;

/// <summary>
/// Runs one feature's Lua scripts: <c>EVALSHA</c> after one <c>SCRIPT LOAD</c> per primary, reloaded on
/// NOSCRIPT, every call counted in the metrics and bounded in total (a reload included) by one
/// operation timeout. Every failure (not connected, too slow, a server error, an outage already declared) goes
/// through <see cref="RedisOutagePolicy"/> and surfaces as <see cref="RedisUnavailableException"/>: the feature
/// decides what to do without Redis. The caller's own cancellation surfaces as itself.
/// </summary>
internal sealed class RedisScriptRunner(RedisConnection connection, GatewayMetrics metrics, TimeProvider timeProvider, TimeSpan timeout, string loadOperation)
{
    private const string NoScriptPrefix = "NOSCRIPT";

    /// <exception cref="RedisUnavailableException">Redis could not serve the call within the operation timeout.</exception>
    public async Task<RedisResult> EvaluateAsync(RedisScript script, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken)
    {
        var outage = connection.Outage;
        outage.ThrowIfUnavailable();
        var started = timeProvider.GetTimestamp();
        try
        {
            // Fail at once rather than queue behind a dead connection: the fallback answers meanwhile.
            var multiplexer = connection.Multiplexer is { IsConnected: true } connected
                ? connected
                : throw new RedisUnavailableException("Redis is not connected.");
            var database = multiplexer.GetDatabase();
            var withDeadline = new RedisValue[args.Length + 1];
            args.CopyTo(withDeadline, 0);
            withDeadline[^1] = outage.ServerDeadline(timeout);
            var sha = script.Sha ?? await LoadAsync(multiplexer, script, started, cancellationToken).ConfigureAwait(false);
            try
            {
                return await CallAsync(script.Name, () => database.ScriptEvaluateAsync(sha, keys, withDeadline), started, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith(NoScriptPrefix, StringComparison.Ordinal))
            {
                sha = await LoadAsync(multiplexer, script, started, cancellationToken, routedTo: keys.Length > 0 ? keys[0] : (RedisKey?)null).ConfigureAwait(false);
                return await CallAsync(script.Name, () => database.ScriptEvaluateAsync(sha, keys, withDeadline), started, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or RedisUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw outage.Failed(script.Name, ex);
        }
    }

    /// <summary>
    /// Loads the scripts before the first caller needs them, so that call does not pay for SCRIPT LOAD
    /// within its operation timeout. Not connected: a no-op (scripts load on first use, and after NOSCRIPT).
    /// </summary>
    public async Task WarmUpAsync(IEnumerable<RedisScript> scripts, TimeSpan warmUpTimeout, CancellationToken cancellationToken)
    {
        if (connection.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        foreach (var script in scripts)
        {
            await LoadAsync(multiplexer, script, started, cancellationToken, warmUpTimeout).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SCRIPT LOAD on every connected primary (under Redis Cluster a key may live on any of them) and on the server
    /// <paramref name="routedTo"/> goes to: Redis does not replicate its script cache, so a replica promoted by a
    /// failover answers NOSCRIPT while the multiplexer may still count it among the replicas.
    /// </summary>
    private async Task<byte[]> LoadAsync(
        IConnectionMultiplexer multiplexer, RedisScript script, long started, CancellationToken cancellationToken, TimeSpan? loadTimeout = null, RedisKey? routedTo = null)
    {
        var servers = multiplexer.GetEndPoints().Select(e => multiplexer.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica).ToList();
        if (routedTo is { } key && multiplexer.GetServer(key, flags: CommandFlags.DemandMaster) is { IsConnected: true } routed
            && !servers.Any(s => s.EndPoint.Equals(routed.EndPoint)))
        {
            servers.Add(routed);
        }

        byte[]? sha = null;
        foreach (var server in servers)
        {
            sha = await CallAsync(loadOperation, () => server.ScriptLoadAsync(script.Text), started, cancellationToken, loadTimeout).ConfigureAwait(false);
        }

        script.Sha = sha ?? throw new RedisUnavailableException($"No connected Redis primary to load script {script.Name} on.");
        return sha;
    }

    /// <summary>One round trip, counted in the metrics, within what is left of the operation's timeout.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, long operationStarted, CancellationToken cancellationToken, TimeSpan? callTimeout = null)
    {
        var limit = callTimeout ?? timeout;
        var remaining = limit - timeProvider.GetElapsedTime(operationStarted);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"Redis operation {operation} exceeded {limit.TotalMilliseconds:0} ms.");
        }

        var callStarted = timeProvider.GetTimestamp();
        var failed = true;
        Task<T>? task = null;
        try
        {
            task = call();
            var result = await task.WaitAsync(remaining, timeProvider, cancellationToken).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && task is { IsCompleted: false })
        {
            // A sent command cannot be cancelled: it completes or fails later (the script's deadline makes a late
            // run change nothing), and that late failure must be observed rather than surface as an unobserved
            // task exception.
            _ = task.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
        finally
        {
            metrics.RedisCall(operation, timeProvider.GetElapsedTime(callStarted), failed);
        }
    }
}
