using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Control;

[Trait("Area", "Simulator")]
public sealed class SimulatorServerTests : SimulatorTestBase
{
    [Fact]
    public void StartAsync_BindsAFreeLoopbackPort()
    {
        Assert.Equal("127.0.0.1", BaseAddress.Host);
        Assert.NotEqual(0, BaseAddress.Port);
        Assert.Equal("/", BaseAddress.AbsolutePath);
    }

    [Fact]
    public async Task TwoServers_HaveIndependentState()
    {
        await using var other = await SimulatorServer.StartAsync();
        using var http = new HttpClient { BaseAddress = other.BaseAddress };
        using var response = await http.GetAsync(new Uri("echo/x", UriKind.Relative));

        Assert.NotEqual(BaseAddress, other.BaseAddress);
        Assert.Single(await other.Client.GetRecordsAsync());
        Assert.Empty(await Sim.GetRecordsAsync());
    }

    [Fact]
    public async Task DropConnections_AbortsEveryOpenSocket()
    {
        await using var genesys = await ConnectAsync("v1?deploymentId=d");
        await using var cxone = await ConnectAsync("cxone?visitorId=v");
        await using var echo = await ConnectAsync("ws/x");

        Assert.Equal(3, await Sim.DropConnectionsAsync());

        await Assert.ThrowsAsync<WebSocketException>(genesys.ReceiveMessageAsync);
        await Assert.ThrowsAsync<WebSocketException>(cxone.ReceiveMessageAsync);
        await Assert.ThrowsAsync<WebSocketException>(echo.ReceiveMessageAsync);
        Assert.Equal(0, await Sim.DropConnectionsAsync());
    }

    [Fact]
    public async Task Dispose_WithOpenSocket_CompletesPromptly()
    {
        var server = await SimulatorServer.StartAsync();
        await using var ws = await WsClient.ConnectAsync(server.BaseAddress, "ws/x");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Receive);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Create_BindsConfigurationAndAppliesConfigureLast()
    {
        await using var app = SimulatorApplication.Create(
            ["--Simulator:Genesys:MessagesPerSecond=7", "--Simulator:OAuth:ExpiresInSeconds=60"],
            o => o.OAuth.ExpiresInSeconds = 120);

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SimulatorOptions>>().Value;
        Assert.Equal(7, options.Genesys.MessagesPerSecond);
        Assert.Equal(120, options.OAuth.ExpiresInSeconds);
        Assert.Equal("sim-client", Assert.Single(options.OAuth.Clients).ClientId);
    }
}
