using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.IntegrationTests.Typing;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>The CXone typing figures of <see cref="CxoneTypingScenarios"/> with the 3 instances on a Redis Cluster.</summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class CxoneTypingClusterTests(RedisClusterFixture cluster) : CxoneTypingScenarios
{
    protected override string RedisConfiguration => cluster.Configuration;
}
