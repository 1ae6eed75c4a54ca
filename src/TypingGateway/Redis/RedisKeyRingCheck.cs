using Microsoft.Extensions.Options;
using TypingGateway.DataProtection;

namespace TypingGateway.Redis;

/// <summary>Says once at start when the shared Data Protection key ring is stored in Redis unencrypted.</summary>
internal sealed partial class RedisKeyRingCheck(
    RedisConnection connection,
    KeyEncryptionSecret secret,
    IOptions<RedisOptions> options,
    ILogger<RedisKeyRingCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (connection.IsConfigured && !secret.IsConfigured)
        {
            Log.KeysUnencrypted(logger, DataProtectionRedisKeys.KeyRing(options.Value.KeyPrefix).ToString());
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning,
            Message = "Data Protection keys (they protect the Cookie affinity cookie) are stored unencrypted in Redis under '{Key}': "
                + "anyone who can read Redis can forge or read protected values. Set DataProtection:KeyEncryptionSecretEnv to the name "
                + "of an environment variable holding a secret of at least 32 bytes (the same on every instance).")]
        public static partial void KeysUnencrypted(ILogger logger, string key);
    }
}
