namespace TypingGateway.Redis;

/// <summary>Where the shared state lives. With no <see cref="Configuration"/>, the gateway runs in single-instance mode.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or
    /// <c>redis:6379,password=...</c>; for a Redis Cluster (7.0 or later) several of its nodes,
    /// <c>host1:7000,host2:7000,host3:7000</c>: any one that answers shows the gateway the whole cluster, and
    /// listing several lets it start while one is down. Empty: single-instance mode with per-process state.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key the gateway writes. Default <c>typinggateway</c>.</summary>
    public string KeyPrefix { get; set; } = RedisDefaults.KeyPrefix;

    /// <summary>How long a connection attempt may take. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = RedisDefaults.ConnectTimeout;

    /// <summary>How long one Redis call may take before the gateway falls back to per-process state. Default 250 ms.</summary>
    public TimeSpan OperationTimeout { get; set; } = RedisDefaults.OperationTimeout;
}
