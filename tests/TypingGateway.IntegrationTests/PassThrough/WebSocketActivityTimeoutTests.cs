using System.Net.WebSockets;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.PassThrough;

/// <summary>
/// YARP cancels an upgraded connection after ActivityTimeout without traffic. Pings count as
/// traffic, so a guest whose client pings keeps its socket; one that is silent loses it.
/// The timeout is shortened to 2 s so the test stays quick; pings every 100 ms leave a 20×
/// margin, so a stalled thread pool on a busy 2-core CI machine does not look like silence.
/// </summary>
[Trait("Area", "PassThrough")]
public sealed class WebSocketActivityTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan _activityTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan _idle = TimeSpan.FromSeconds(5);

    private SimulatorServer _simulator = null!;
    private TestConfigDirectory _config = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync();
        _config = TestConfigDirectory.ForUpstream(_simulator.BaseAddress, config =>
            ProxyConfig.Clusters(config)["echo"]!["HttpRequest"] = new JsonObject { ["ActivityTimeout"] = _activityTimeout.ToString() });
        _gateway = await GatewayHost.StartAsync(_config.Path);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task IdleSocketWithPings_SurvivesPastActivityTimeout()
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10); // makes the client send PING (and expect PONG)
        await socket.ConnectAsync(new Uri(_gateway.WebSocketAddress, "/ws/echo?session=pinging"), CancellationToken.None);

        // Like a real client, keep a receive pending: the client reads PONGs (and so sends its next PING) only then.
        var receive = socket.ReceiveTextAsync(_idle + TimeSpan.FromSeconds(10));
        await Task.Delay(_idle);
        await socket.SendTextAsync("still here");

        Assert.Equal("still here", await receive);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task IdleSocketWithoutPings_IsClosedAfterActivityTimeout()
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.KeepAliveTimeout = Timeout.InfiniteTimeSpan;
        await socket.ConnectAsync(new Uri(_gateway.WebSocketAddress, "/ws/echo?session=silent"), CancellationToken.None);

        // The gateway drops the connection: the receive ends (error or close) well before our own
        // deadline. Hitting the deadline would mean the socket was kept, which is the failure.
        var deadline = _idle + TimeSpan.FromSeconds(5);
        var outcome = await Record.ExceptionAsync(() => socket.ReceiveMessageAsync(deadline));

        Assert.False(outcome is OperationCanceledException, $"The idle socket was still open after {deadline.TotalSeconds} s.");
        Assert.True(socket.State != WebSocketState.Open, $"Socket still open; receive ended with {outcome?.GetType().Name ?? "a message"}: {outcome?.Message}");
    }
}
