namespace TypingGateway.Redis;

/// <summary>What the token cache told an instance that needs a token.</summary>
internal enum SharedTokenState
{
    /// <summary>A fresh token is cached: use it.</summary>
    Fresh,

    /// <summary>The identity provider failed recently: wait out the backoff.</summary>
    InBackoff,

    /// <summary>The caller now holds the refresh lock: it asks the identity provider.</summary>
    LockTaken,

    /// <summary>Another instance holds the lock and is refreshing.</summary>
    Busy,
}
