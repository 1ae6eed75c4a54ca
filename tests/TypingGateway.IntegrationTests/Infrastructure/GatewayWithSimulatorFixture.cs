using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>The simulator and one gateway in front of it with the standard routes (single-instance mode).</summary>
public sealed class GatewayWithSimulatorFixture : IAsyncLifetime
{
    private TestConfigDirectory? _config;

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync();
        _config = TestConfigDirectory.ForUpstream(Simulator.BaseAddress);
        Gateway = await GatewayHost.StartAsync(_config.Path);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
        _config?.Dispose();
    }
}
