using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TypingGateway.Simulator.OAuth;

/// <summary>Issued bearer tokens with their expiry, and the lifetime given to new ones.</summary>
internal sealed class TokenStore(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly int _configuredLifetimeSeconds = options.Value.OAuth.ExpiresInSeconds;
    private int _lifetimeSeconds = options.Value.OAuth.ExpiresInSeconds;

    public (string Token, int ExpiresInSeconds) Issue()
    {
        var lifetime = Volatile.Read(ref _lifetimeSeconds);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _expiries[token] = timeProvider.GetUtcNow().AddSeconds(lifetime);
        return (token, lifetime);
    }

    public bool IsValid(string token) =>
        _expiries.TryGetValue(token, out var expiry) && timeProvider.GetUtcNow() < expiry;

    /// <summary>Changes the lifetime of tokens issued from now on; issued tokens keep theirs.</summary>
    public void SetLifetime(int seconds) => Volatile.Write(ref _lifetimeSeconds, seconds);

    public void RevokeAll() => _expiries.Clear();

    /// <summary>Forgets every token and restores the configured lifetime.</summary>
    public void Reset()
    {
        RevokeAll();
        SetLifetime(_configuredLifetimeSeconds);
    }
}
