namespace TypingGateway.Redis;

/// <summary>A token as cached in Redis: sealed, with its fingerprint and its timing relative to now.</summary>
internal sealed record SharedToken(string Sealed, string Fingerprint, TimeSpan Remaining, TimeSpan Lifetime, TimeSpan RefreshBefore);
