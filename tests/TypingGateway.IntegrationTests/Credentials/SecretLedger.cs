using System.Collections.Concurrent;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>
/// Everything the credentials suite captured (every gateway log entry, every response a client got) and
/// every secret in play (issued tokens, client secret, ticket keys), so one test can scan the one for the other.
/// </summary>
public sealed class SecretLedger
{
    private readonly ConcurrentQueue<(string Source, string Text)> _captured = new();
    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    public int CapturedCount => _captured.Count;

    public int SecretCount => _secrets.Count;

    public void Capture(string source, string text) => _captured.Enqueue((source, text));

    public void AddSecret(string secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    /// <summary>Each captured text that contains a secret, with the secret's first characters only.</summary>
    public IReadOnlyList<string> Leaks() =>
        [.. from captured in _captured
            from secret in _secrets.Keys
            where captured.Text.Contains(secret, StringComparison.Ordinal)
            select $"{captured.Source} contains a secret starting '{secret[..Math.Min(6, secret.Length)]}'"];
}
