namespace TypingGateway.Auth;

/// <summary>Log events 1500–1519: tokens. Never the token, the secret or the identity provider's error text.</summary>
internal sealed partial class UpstreamTokenSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, Level = LogLevel.Information,
            Message = "Obtained an access token for upstream {Upstream}: valid {LifetimeSeconds} s, refresh in {RefreshSeconds} s.")]
        public static partial void TokenObtained(ILogger logger, string upstream, long lifetimeSeconds, long refreshSeconds);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Using the access token another instance obtained for upstream {Upstream} ({RemainingSeconds} s left).")]
        public static partial void TokenAdopted(ILogger logger, string upstream, long remainingSeconds);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning,
            Message = "Token request for upstream {Upstream} failed: {Reason} Next attempt in {BackoffMs} ms.")]
        public static partial void TokenRequestFailed(ILogger logger, string upstream, string reason, long backoffMs);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Warning,
            Message = "The shared token cache (Redis) is unavailable for upstream {Upstream} ({Error}); this instance manages its own token meanwhile.")]
        public static partial void SharedCacheUnavailable(ILogger logger, string upstream, string error);

        [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "The shared token cache (Redis) is back for upstream {Upstream}; tokens are shared again.")]
        public static partial void SharedCacheBack(ILogger logger, string upstream);

        [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Upstream {Upstream} rejected its access token (401); renewing it.")]
        public static partial void TokenRejected(ILogger logger, string upstream);
    }
}
