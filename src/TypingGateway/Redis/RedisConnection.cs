using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>
/// The process's one <see cref="ConnectionMultiplexer"/> and its <see cref="RedisOutagePolicy"/>. It never blocks
/// startup on an unreachable server (<c>AbortOnConnectFail=false</c>): the multiplexer keeps reconnecting in the
/// background and features fall back to per-process state meanwhile.
/// </summary>
/// <remarks>
/// RESP2 is pinned (docs/decisions/0002): it keeps pub/sub on its own connection, whose loss the typing
/// near cache is told about, and it is what every server the tests may pick (Redis, Garnet) speaks alike.
/// </remarks>
internal sealed partial class RedisConnection : IHostedService, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly StackExchangeRedisInstrumentation? _tracing;
    private ConnectionMultiplexer? _multiplexer;
    private IDisposable? _traced;

    /// <param name="options">Redis options.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="timeProvider">The clock of the outage policy's probes and deadlines.</param>
    /// <param name="outageLogger">Logs the start and end of each outage.</param>
    /// <param name="tracing">
    /// Registered only when the gateway exports telemetry. The multiplexer exists only once this
    /// service has started, so it hands itself to the instrumentation here rather than through DI.
    /// </param>
    public RedisConnection(
        IOptions<RedisOptions> options,
        ILogger<RedisConnection> logger,
        TimeProvider timeProvider,
        ILogger<RedisOutagePolicy> outageLogger,
        StackExchangeRedisInstrumentation? tracing = null)
    {
        _options = options.Value;
        _logger = logger;
        _tracing = tracing;
        Outage = new RedisOutagePolicy(
            ReadServerTimeAsync,
            _options.OperationTimeout,
            RedisDefaults.FirstProbeDelay,
            RedisDefaults.MaxProbeDelay,
            timeProvider,
            outageLogger);
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Configuration);

    /// <summary>Whether Redis is available, for every feature.</summary>
    public RedisOutagePolicy Outage { get; }

    /// <summary>The multiplexer, or null in single-instance mode or before start.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            Log.SingleInstanceMode(_logger);
            return;
        }

        var configuration = ConfigurationOptions.Parse(_options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)_options.ConnectTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.Protocol = RedisProtocol.Resp2;
        // Reconnect soon after a server comes back, so shared state resumes within about a second: the default
        // exponential policy waits longer after each failed attempt of a long outage.
        configuration.ReconnectRetryPolicy = new LinearRetry((int)RedisDefaults.ReconnectInterval.TotalMilliseconds);
        configuration.HeartbeatInterval = RedisDefaults.HeartbeatInterval;
        var endpoints = string.Join(",", configuration.EndPoints);

        _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _traced = _tracing?.AddConnection(_multiplexer);
        if (_multiplexer.IsConnected)
        {
            Log.Connected(_logger, endpoints);
            await Outage.CalibrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Log.NotReachable(_logger, endpoints);
        }
    }

    /// <summary>Round-trip time of a PING, or null when Redis is not configured or not reachable in time.</summary>
    public async Task<TimeSpan?> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer)
        {
            return null;
        }

        try
        {
            return await multiplexer.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        Outage.Dispose();
        _traced?.Dispose();
        if (_multiplexer is not null)
        {
            await _multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            _multiplexer.Dispose();
        }
    }

    private async Task<DateTimeOffset> ReadServerTimeAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer)
        {
            throw new RedisUnavailableException("Redis is not connected.");
        }

        var server = ConnectedPrimary(multiplexer) ?? throw new RedisUnavailableException("No Redis primary is connected.");
        if (server.ServerType == ServerType.Cluster)
        {
            // Before TIME: the calibration takes the middle of the whole probe as the instant TIME was read, which
            // the shard checks move by half their duration (two round trips), far inside a script's deadline budget.
            await EveryShardServesAsync(multiplexer, server, cancellationToken).ConfigureAwait(false);
        }

        var time = await server.TimeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
            Message = "No Redis configured (Redis:Configuration is empty): single-instance mode, all state is per process. Do not run several replicas like this.")]
        public static partial void SingleInstanceMode(ILogger logger);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Connected to Redis at {Endpoints}.")]
        public static partial void Connected(ILogger logger, string endpoints);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
            Message = "Redis at {Endpoints} is not reachable yet; running on per-process state and reconnecting in the background.")]
        public static partial void NotReachable(ILogger logger, string endpoints);
    }
}
