using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Scenarios on gateway instances that share one Redis deployment, written once and run against each kind of it by
/// one small subclass per fixture: one Redis (<see cref="RedisServerFixture"/>) or a Redis Cluster
/// (<see cref="RedisClusterFixture"/>). Each test gets a fresh deployment.
/// </summary>
public abstract class SharedRedisScenarios : IAsyncLifetime
{
    private ShippedDeployment? _deployment;

    /// <summary>The StackExchange.Redis configuration string the instances share (a cluster's skips the test without one).</summary>
    protected abstract string RedisConfiguration { get; }

    protected ShippedDeployment Deployment => _deployment ?? throw new InvalidOperationException("The deployment has not started.");

    protected SimulatorServer Simulator => Deployment.Simulator;

    protected GatewayCluster Gateways => Deployment.Gateways;

    public virtual async Task InitializeAsync() => _deployment = await StartAsync(RedisConfiguration);

    public virtual async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    /// <summary>The scenarios' deployment on <paramref name="redisConfiguration"/>.</summary>
    protected abstract Task<ShippedDeployment> StartAsync(string redisConfiguration);
}
