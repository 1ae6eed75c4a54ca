using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;
using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Proxy;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Typing;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>
/// One guest WebSocket on a typing route, wired as <c>TypingProxyStep</c> wires it in single-instance mode:
/// the profile's collapser on the in-memory typing state store (no Redis), its stop sink, and the production
/// inspector installed by <see cref="WebSocketTyping.Install"/>. Upgrading returns the filter around the
/// given guest stream. Time is frozen (the tests' fake clock), so the collapse decisions do not depend on how
/// long a run takes: once a burst's first start is forwarded, every later start is suppressed.
/// </summary>
internal sealed class TypingRoute : IDisposable
{
    private static readonly DateTimeOffset _start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly InMemoryTypingStateStore _store;

    /// <param name="guest">The upgraded guest connection.</param>
    /// <param name="profileName">A built-in typing profile (see <see cref="TypingProfiles"/>).</param>
    /// <param name="queryString">The upgrade request's query, e.g. Genesys' <c>?deploymentId=…</c>.</param>
    public TypingRoute(Stream guest, string profileName, string queryString)
    {
        var time = new FakeTimeProvider(_start);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        var profile = TypingProfileFactory.Build(new TypingOptions()).Profiles[profileName];
        var logger = NullLogger.Instance;

        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(queryString);
        context.Response.Headers[HeaderNames.Upgrade] = "websocket";

        _store = new InMemoryTypingStateStore(time);
        var services = new GuestSocketServices(
            _store, new TypingStopDirectory(), metrics, time, new FixedOptions(), RateLimits: null!, Gcra: null!, logger); // no limits on this route: no guard
        Session = new GuestSocketSession(profile, context, limits: null, services);
        Collapser = Session.Collapser;
        Session.Install(context, new UpgradedConnection(guest));

        // What YARP does after the upstream's 101: upgrade the guest's connection and copy the stream it gets.
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        Filter = (WebSocketStreamFilter)(upgrade.IsCompletedSuccessfully ? upgrade.Result : throw new InvalidOperationException("The upgrade did not complete at once."));
    }

    /// <summary>The stream YARP reads the guest's frames from and writes the upstream's frames to.</summary>
    public WebSocketStreamFilter Filter { get; }

    /// <summary>The connection's collapser, e.g. to start a burst before measuring.</summary>
    public TypingCollapser Collapser { get; }

    /// <summary>The connection's session (the filter's inspector).</summary>
    public GuestSocketSession Session { get; }

    public void Dispose()
    {
        Filter.Dispose();
        Session.Dispose();
        _store.Dispose();
        _services.Dispose();
    }

    /// <summary>Kestrel's side of the upgrade: the raw connection, ready at once.</summary>
    private sealed class UpgradedConnection(Stream connection) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => true;

        public Task<Stream> UpgradeAsync() => Task.FromResult(connection);
    }

    private sealed class FixedOptions : IOptionsMonitor<WebSocketFilterOptions>
    {
        public WebSocketFilterOptions CurrentValue { get; } = new();

        public WebSocketFilterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<WebSocketFilterOptions, string?> listener) => null;
    }
}
