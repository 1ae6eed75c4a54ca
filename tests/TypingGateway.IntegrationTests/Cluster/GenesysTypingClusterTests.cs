using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.IntegrationTests.Typing;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>The Genesys typing figures of <see cref="GenesysTypingScenarios"/> with the 3 instances on a Redis Cluster.</summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class GenesysTypingClusterTests(RedisClusterFixture cluster, ITestOutputHelper output) : GenesysTypingScenarios(output)
{
    protected override string RedisConfiguration => cluster.Configuration;
}
