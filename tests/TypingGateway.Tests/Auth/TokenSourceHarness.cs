using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using TypingGateway.Auth;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;

namespace TypingGateway.Tests.Auth;

/// <summary>
/// An <see cref="UpstreamTokenSource"/> in single-instance mode (no Redis) on a fake clock, with a stub
/// token endpoint that issues <c>token-1</c>, <c>token-2</c>, … valid one hour each.
/// </summary>
internal sealed class TokenSourceHarness : IDisposable
{
    public const string TokenRequestsMetric = "typinggateway.upstream.token_requests";

    /// <summary>Real time allowed for the source's async continuations; the fake clock never moves by itself.</summary>
    public static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(5);

    private static readonly FieldInfo _refreshField =
        typeof(UpstreamTokenSource).GetField("_refresh", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("UpstreamTokenSource no longer has a _refresh field; update TokenSourceHarness.");

    private readonly TestSecret _secret = new("client-secret");
    private readonly TokenEndpointClient _client;

    public TokenSourceHarness(Func<Upstream, Upstream>? configure = null)
    {
        var upstream = TestUpstreams.Genesys(_secret.Reference);
        _client = new TokenEndpointClient(Time, Endpoint);
        Source = new UpstreamTokenSource(configure is null ? upstream : configure(upstream), _client, null, Time, Metrics.Metrics, NullLogger.Instance, "test-instance");
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public StubTokenEndpoint Endpoint { get; } = new();

    public MetricsCapture Metrics { get; } = new(TokenRequestsMetric);

    public UpstreamTokenSource Source { get; }

    public long FailedRequests => Metrics.Sum(TokenRequestsMetric, ("result", "failed"));

    public Task<UpstreamToken> GetAsync() => Source.GetAsync(default).AsTask().WaitAsync(RealTimeLimit);

    /// <summary>
    /// The latest refresh, finished. A refresh started in the background has no public handle, so the field
    /// is read; awaiting it keeps assertions from racing the refresh.
    /// </summary>
    public Task BackgroundRefreshAsync() => ((Task?)_refreshField.GetValue(Source) ?? Task.CompletedTask).WaitAsync(RealTimeLimit);

    public void AdvanceTo(DateTimeOffset at) => Time.Advance(at - Time.GetUtcNow());

    public void Dispose()
    {
        _client.Dispose();
        _secret.Dispose();
        Metrics.Dispose();
    }
}
