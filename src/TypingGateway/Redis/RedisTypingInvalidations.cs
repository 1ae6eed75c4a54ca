using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Redis;

/// <summary>
/// Delivers the typing invalidations that <see cref="RedisTypingStateStore"/>'s scripts publish (the end of a
/// burst on any instance) to this process's near cache and stop directory. On one Redis every key's news comes on
/// one ordinary channel; on a Redis Cluster each of the 16384 slots has its own sharded channel, and the instance
/// subscribes to all of them at once (docs/decisions/0014): the multiplexer sends each <c>SSUBSCRIBE</c> to the
/// primary of its slot and moves it when a failover moves the slot. Subscribes at warm-up or on first use, because
/// the multiplexer only exists once <see cref="RedisConnection"/> has started and the server type is known only
/// once a server has answered.
/// Pub/sub delivers at most once: whenever a subscription connection drops or comes back, messages may have
/// been lost, so every listener is told to drop everything (null key) and <see cref="EnsureActive"/> is false
/// for a key until its channel's subscription is live again. A subscription that becomes live tells them the same,
/// as notices published before it were not heard either.
/// </summary>
internal sealed partial class RedisTypingInvalidations : ITypingInvalidations, IDisposable
{
    private const int NotRequested = 0;
    private const int Requested = 1;

    private readonly RedisConnection _connection;
    private readonly ILogger<RedisTypingInvalidations> _logger;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly Channel _everyKey;
    private Channel[]? _slots;
    private Task _slotsSubscribed = Task.CompletedTask;
    private readonly Lock _lock = new();
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private Action<TypingKey?>? _listeners;
    private IConnectionMultiplexer? _watched;
    private ISubscriber? _subscriber;

    public RedisTypingInvalidations(RedisConnection connection, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisTypingInvalidations> logger)
    {
        _connection = connection;
        _logger = logger;
        _time = time;
        _prefix = options.Value.KeyPrefix;
        _everyKey = new Channel(TypingRedisKeys.InvalidationChannel(_prefix));
        _onMessage = OnMessage;
    }

    public bool EnsureActive(TypingKey key) => _connection.IsCluster switch
    {
        true => SlotChannels() is { } slots && EnsureSubscribed(slots[TypingRedisKeys.Slot(key)]),
        false => EnsureSubscribed(_everyKey),
        null => false, // no server has answered yet: which channels to listen to is not known
    };

    /// <summary>
    /// Subscribes ahead of the first guest and completes once the server confirmed it (on a cluster, every slot's
    /// channel): a burst that ends on another instance before then would not be heard, and its owed stop would wait
    /// for the guest's next signal. Nothing while no server has answered: first use subscribes.
    /// </summary>
    public Task StartAsync()
    {
        switch (_connection.IsCluster)
        {
            case true:
                return SlotChannels() is null ? Task.CompletedTask : Volatile.Read(ref _slotsSubscribed);
            case false:
                EnsureSubscribed(_everyKey);
                return _everyKey.Subscribed;
            default:
                return Task.CompletedTask;
        }
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
            if (_watched is { } multiplexer)
            {
                multiplexer.ConnectionFailed -= OnConnectionChanged;
                multiplexer.ConnectionRestored -= OnConnectionChanged;
                _watched = null;
            }
        }
    }

    private bool EnsureSubscribed(Channel channel)
    {
        if (Subscriber() is not { } subscriber)
        {
            return false;
        }

        if (Volatile.Read(ref channel.State) == Requested)
        {
            // Null until the server confirmed the subscription, and while its connection is down (the multiplexer
            // resubscribes by itself, on a cluster wherever the slot lives after a failover).
            return subscriber.SubscribedEndpoint(channel.Name) is not null;
        }

        if (Interlocked.CompareExchange(ref channel.State, Requested, NotRequested) == NotRequested)
        {
            channel.Subscribed = SubscribeAsync(subscriber, channel);
        }

        return false;
    }

    /// <summary>Every slot's channel, the first call subscribing to all of them; null before the multiplexer exists.</summary>
    private Channel[]? SlotChannels()
    {
        if (Volatile.Read(ref _slots) is { } slots)
        {
            return slots;
        }

        if (Subscriber() is not { } subscriber)
        {
            return null;
        }

        Channel[] created;
        lock (_lock)
        {
            if (_slots is { } raced)
            {
                return raced;
            }

            created = new Channel[RedisHashSlot.Count];
            for (var slot = 0; slot < created.Length; slot++)
            {
                created[slot] = new Channel(TypingRedisKeys.ShardInvalidationChannel(_prefix, slot)) { State = Requested };
            }

            Volatile.Write(ref _slots, created);
            Volatile.Write(ref _slotsSubscribed, SubscribeAllAsync(subscriber, created));
        }

        return created;
    }

    private async Task SubscribeAllAsync(ISubscriber subscriber, Channel[] channels)
    {
        var started = _time.GetTimestamp();
        var failed = 0;
        Exception? failure = null;
        await Task.WhenAll(channels.Select(async channel =>
        {
            try
            {
                await subscriber.SubscribeAsync(channel.Name, _onMessage).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref failure, ex, null);
                Volatile.Write(ref channel.State, NotRequested); // the next EnsureActive for one of its keys tries again
            }
        })).ConfigureAwait(false);

        if (failure is null)
        {
            var took = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.SubscribedSlots(_logger, channels.Length, _prefix, took);
            Notify(null); // notices published before every slot was live were not heard here: listeners re-check
        }
        else
        {
            Log.SubscribeSlotsFailed(_logger, failed, channels.Length, _prefix, failure);
        }
    }

    private ISubscriber? Subscriber()
    {
        if (Volatile.Read(ref _subscriber) is { } subscriber)
        {
            return subscriber;
        }

        if (_connection.Multiplexer is not { } multiplexer)
        {
            return null;
        }

        lock (_lock)
        {
            if (_subscriber is null)
            {
                _watched = multiplexer;
                multiplexer.ConnectionFailed += OnConnectionChanged;
                multiplexer.ConnectionRestored += OnConnectionChanged;
                Volatile.Write(ref _subscriber, multiplexer.GetSubscriber());
            }

            return _subscriber;
        }
    }

    private async Task SubscribeAsync(ISubscriber subscriber, Channel channel)
    {
        var name = channel.Name.ToString();
        try
        {
            // While Redis is down this returns at once and the multiplexer subscribes when it connects.
            await subscriber.SubscribeAsync(channel.Name, _onMessage).ConfigureAwait(false);
            Log.Subscribed(_logger, name);

            // Whatever was published before this moment was not heard here: listeners re-check.
            Notify(null);
        }
        catch (Exception ex)
        {
            Log.SubscribeFailed(_logger, name, ex);
            Volatile.Write(ref channel.State, NotRequested); // the next EnsureActive for it tries again
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

    /// <summary>One channel, whether it was asked for, and the subscription (it never faults: failures are logged).</summary>
    private sealed class Channel(RedisChannel name)
    {
        public int State;

        public RedisChannel Name { get; } = name;

        public Task Subscribed { get; set; } = Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Listening for typing invalidations on {Channel}.")]
        public static partial void Subscribed(ILogger logger, string channel);

        [LoggerMessage(EventId = 1211, Level = LogLevel.Warning,
            Message = "Could not subscribe to typing invalidations on {Channel}; the near cache stays off until it can.")]
        public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(EventId = 1212, Level = LogLevel.Debug,
            Message = "Listening for typing invalidations on {Count} sharded channels {Prefix}:typing:invalidate:{{<slot tag>}} (Redis Cluster), subscribed in {DurationMs} ms.")]
        public static partial void SubscribedSlots(ILogger logger, int count, string prefix, long durationMs);

        [LoggerMessage(EventId = 1213, Level = LogLevel.Warning,
            Message = "Could not subscribe to {Failed} of {Count} sharded typing invalidation channels {Prefix}:typing:invalidate:{{<slot tag>}}; the near cache stays off for their keys until it can.")]
        public static partial void SubscribeSlotsFailed(ILogger logger, int failed, int count, string prefix, Exception exception);
    }
}
