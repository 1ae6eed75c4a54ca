namespace TypingGateway.Redis;

internal static class RedisDefaults
{
    public const string KeyPrefix = "typinggateway";

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(250);
}
