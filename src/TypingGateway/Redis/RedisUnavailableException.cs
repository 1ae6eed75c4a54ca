namespace TypingGateway.Redis;

/// <summary>
/// Redis cannot serve this call: it is not connected, did not answer within the operation timeout, failed, or
/// <see cref="RedisOutagePolicy"/> has declared an outage and fails calls fast until its probe succeeds. The one
/// exception feature code catches to fall back to per-process state; no client-library exception leaves this folder.
/// </summary>
public sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException()
        : this("Redis is unavailable.")
    {
    }

    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    public RedisUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
