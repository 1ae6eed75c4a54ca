using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>The simulator and N gateway instances in front of it running the shipped config/ (optionally sharing Redis).</summary>
public sealed class ShippedDeployment : IAsyncDisposable
{
    private ShippedDeployment(SimulatorServer simulator, TestConfigDirectory config, GatewayCluster gateways)
    {
        Simulator = simulator;
        Config = config;
        Gateways = gateways;
    }

    public SimulatorServer Simulator { get; }

    public TestConfigDirectory Config { get; }

    public GatewayCluster Gateways { get; }

    /// <param name="instances">Gateway instances.</param>
    /// <param name="redisConfiguration">Shared Redis, or null for single-instance mode.</param>
    /// <param name="simulator">Simulator options.</param>
    /// <param name="configure">Extra config files written before the gateways start.</param>
    /// <param name="settings">Settings of every instance, like command-line arguments.</param>
    public static async Task<ShippedDeployment> StartAsync(
        int instances,
        string? redisConfiguration,
        Action<SimulatorOptions>? simulator = null,
        Action<TestConfigDirectory>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = await SimulatorServer.StartAsync(configure: simulator);
        var config = TestConfigDirectory.FromShipped(server.BaseAddress);
        try
        {
            configure?.Invoke(config);
            return new ShippedDeployment(server, config, await GatewayCluster.StartAsync(config.Path, instances, redisConfiguration, settings));
        }
        catch
        {
            await server.DisposeAsync();
            config.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateways.DisposeAsync();
        await Simulator.DisposeAsync();
        Config.Dispose();
    }
}
