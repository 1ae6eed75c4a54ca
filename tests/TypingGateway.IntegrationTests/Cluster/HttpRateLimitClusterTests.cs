using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.IntegrationTests.RateLimiting;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>The HTTP budget of <see cref="HttpRateLimitScenarios"/> with the 3 instances on a Redis Cluster.</summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class HttpRateLimitClusterTests(RedisClusterFixture cluster, ITestOutputHelper output) : HttpRateLimitScenarios(output)
{
    protected override string RedisConfiguration => cluster.Configuration;
}
