using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Redis;

/// <summary>
/// Delivers the typing invalidations that <see cref="RedisTypingStateStore"/>'s scripts publish (the end of a
/// burst on any instance) to this process's near cache. Subscribes on first use, because the multiplexer only
/// exists once <see cref="RedisConnection"/> has started. Pub/sub delivers at most once: whenever the
/// subscription connection drops or comes back, messages may have been lost, so every listener is told to
/// drop everything (null key) and <see cref="EnsureActive"/> is false until the subscription is live again. The first
/// subscription tells them the same, as notices published before it were not heard either.
/// </summary>
internal sealed partial class RedisTypingInvalidations : ITypingInvalidations, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly ILogger<RedisTypingInvalidations> _logger;
    private readonly RedisChannel _channel;
    private readonly string _channelName;
    private readonly Lock _lock = new();
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private Action<TypingKey?>? _listeners;
    private IConnectionMultiplexer? _subscribedTo;
    private ISubscriber? _subscriber;
    private volatile bool _subscribed;

    public RedisTypingInvalidations(RedisConnection connection, IOptions<RedisOptions> options, ILogger<RedisTypingInvalidations> logger)
    {
        _connection = connection;
        _logger = logger;
        _channel = TypingRedisKeys.InvalidationChannel(options.Value.KeyPrefix);
        _channelName = _channel.ToString();
        _onMessage = OnMessage;
    }

    public bool EnsureActive()
    {
        if (_subscribed)
        {
            // Null while the subscription connection is down (the multiplexer resubscribes by itself).
            return _subscriber?.SubscribedEndpoint(_channel) is not null;
        }

        if (_connection.Multiplexer is not { } multiplexer)
        {
            return false;
        }

        lock (_lock)
        {
            if (_subscribedTo is null)
            {
                _subscribedTo = multiplexer;
                multiplexer.ConnectionFailed += OnConnectionChanged;
                multiplexer.ConnectionRestored += OnConnectionChanged;
                _ = SubscribeAsync(multiplexer);
            }
        }

        return false;
    }

    public void Register(Action<TypingKey?> invalidated)
    {
        lock (_lock)
        {
            _listeners += invalidated;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_subscribedTo is { } multiplexer)
            {
                multiplexer.ConnectionFailed -= OnConnectionChanged;
                multiplexer.ConnectionRestored -= OnConnectionChanged;
                _subscribed = false;
            }
        }
    }

    private async Task SubscribeAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            // While Redis is down this returns at once and the multiplexer subscribes when it connects.
            var subscriber = multiplexer.GetSubscriber();
            await subscriber.SubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
            _subscriber = subscriber;
            _subscribed = true;
            Log.Subscribed(_logger, _channelName);

            // Whatever was published before this moment was not heard here (a guest's connection registered while the
            // subscription was still being made, e.g. under load right after start): listeners re-check.
            Notify(null);
        }
        catch (Exception ex)
        {
            Log.SubscribeFailed(_logger, _channelName, ex);
            lock (_lock)
            {
                multiplexer.ConnectionFailed -= OnConnectionChanged;
                multiplexer.ConnectionRestored -= OnConnectionChanged;
                _subscribedTo = null; // the next EnsureActive tries again
            }
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Notify(null);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (TypingKey.TryParse(message, out var key))
        {
            Notify(key);
        }
    }

    private void Notify(TypingKey? key) => Volatile.Read(ref _listeners)?.Invoke(key);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Listening for typing invalidations on {Channel}.")]
        public static partial void Subscribed(ILogger logger, string channel);

        [LoggerMessage(EventId = 1211, Level = LogLevel.Warning,
            Message = "Could not subscribe to typing invalidations on {Channel}; the near cache stays off until it can.")]
        public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);
    }
}
