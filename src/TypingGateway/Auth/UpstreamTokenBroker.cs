using System.Collections.Concurrent;
using TypingGateway.Diagnostics;
using TypingGateway.Redis;

namespace TypingGateway.Auth;

/// <summary>
/// Access tokens of every configured upstream, one <see cref="UpstreamTokenSource"/> each. When an
/// upstream's settings change on reload its tokens are dropped and fetched anew with the new settings.
/// </summary>
internal sealed class UpstreamTokenBroker : IDisposable
{
    private readonly CredentialsCatalog _catalog;
    private readonly RedisTokenCache _shared;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<UpstreamTokenBroker> _logger;
    private readonly TokenEndpointClient _endpoint;
    private readonly ConcurrentDictionary<string, UpstreamTokenSource> _sources = new(StringComparer.OrdinalIgnoreCase);

    // Identifies this instance as the holder of a refresh lock.
    private readonly string _owner = Guid.NewGuid().ToString("N");

    public UpstreamTokenBroker(CredentialsCatalog catalog, RedisTokenCache shared, TimeProvider time, GatewayMetrics metrics, ILogger<UpstreamTokenBroker> logger)
    {
        _catalog = catalog;
        _shared = shared;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _endpoint = new TokenEndpointClient(time);
    }

    /// <exception cref="TokenUnavailableException">No token can be obtained now, or the upstream is not configured.</exception>
    public ValueTask<UpstreamToken> GetTokenAsync(string upstream, CancellationToken cancellationToken) =>
        Source(upstream) is { } source
            ? source.GetAsync(cancellationToken)
            : ValueTask.FromException<UpstreamToken>(new TokenUnavailableException(upstream, TimeSpan.Zero, $"No upstream '{upstream}' is configured."));

    /// <summary>The upstream answered 401 to <paramref name="rejected"/>; see <see cref="UpstreamTokenSource.RenewAsync"/>.</summary>
    public ValueTask<UpstreamToken?> RenewAsync(string upstream, UpstreamToken rejected, CancellationToken cancellationToken) =>
        Source(upstream)?.RenewAsync(rejected, cancellationToken) ?? ValueTask.FromResult<UpstreamToken?>(null);

    public bool CanRenew(string upstream, UpstreamToken rejected) => Source(upstream)?.CanRenew(rejected) ?? false;

    /// <summary>Upstreams for which this instance holds a usable token.</summary>
    public int CachedTokens => _sources.Values.Count(s => s.HasUsableToken);

    /// <summary>Why tokens cannot be served, per upstream that has a problem (for readiness).</summary>
    public IReadOnlyList<string> Problems() => [.. _sources.Values.Select(s => s.Problem()).OfType<string>()];

    public void Dispose() => _endpoint.Dispose();

    private UpstreamTokenSource? Source(string name)
    {
        if (!_catalog.Current.Upstreams.TryGetValue(name, out var upstream))
        {
            return null;
        }

        var source = _sources.GetOrAdd(name, _ => Create(upstream));
        if (source.Upstream != upstream)
        {
            // Reloaded with other settings (client, token URL, secret): the old tokens may not be valid for them.
            var replacement = Create(upstream);
            source = _sources.TryUpdate(name, replacement, source) ? replacement : _sources[name];
        }

        return source;
    }

    private UpstreamTokenSource Create(Upstream upstream) => new(upstream, _endpoint, _shared, _time, _metrics, _logger, _owner);
}
