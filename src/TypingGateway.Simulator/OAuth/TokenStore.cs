using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TypingGateway.Simulator.OAuth;

/// <summary>Issued bearer tokens with their expiry, the lifetime given to new ones, and the history of every token issued.</summary>
internal sealed class TokenStore(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Lock _historyLock = new();
    private readonly Queue<string> _issued = new();
    private readonly int _configuredLifetimeSeconds = options.Value.OAuth.ExpiresInSeconds;
    private int _lifetimeSeconds = options.Value.OAuth.ExpiresInSeconds;

    public (string Token, int ExpiresInSeconds) Issue()
    {
        var lifetime = Volatile.Read(ref _lifetimeSeconds);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _expiries[token] = timeProvider.GetUtcNow().AddSeconds(lifetime);
        lock (_historyLock)
        {
            _issued.Enqueue(token);
            if (_issued.Count > OAuthDefaults.IssuedTokenHistory)
            {
                _issued.Dequeue();
            }
        }

        return (token, lifetime);
    }

    public bool IsValid(string token) =>
        _expiries.TryGetValue(token, out var expiry) && timeProvider.GetUtcNow() < expiry;

    /// <summary>
    /// Every token issued since the last <see cref="Reset"/>, oldest first, whether still valid or not
    /// (tests scan logs and responses for them); the newest <see cref="OAuthDefaults.IssuedTokenHistory"/> at most.
    /// </summary>
    public IReadOnlyList<string> IssuedTokens()
    {
        lock (_historyLock)
        {
            return [.. _issued];
        }
    }

    /// <summary>Changes the lifetime of tokens issued from now on; issued tokens keep theirs.</summary>
    public void SetLifetime(int seconds) => Volatile.Write(ref _lifetimeSeconds, seconds);

    /// <summary>Invalidates every issued token; the history of issued tokens is kept.</summary>
    public void RevokeAll() => _expiries.Clear();

    /// <summary>Forgets every token and the history of issued ones, and restores the configured lifetime.</summary>
    public void Reset()
    {
        RevokeAll();
        lock (_historyLock)
        {
            _issued.Clear();
        }

        SetLifetime(_configuredLifetimeSeconds);
    }
}
