namespace TypingGateway.Redis;

/// <summary>The token cache's answer: the state, the backoff left, and a usable (maybe stale) cached token.</summary>
internal readonly record struct SharedTokenReply(SharedTokenState State, TimeSpan Backoff, SharedToken? Token);
