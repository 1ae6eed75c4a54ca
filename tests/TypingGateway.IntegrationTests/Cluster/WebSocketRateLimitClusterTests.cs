using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.IntegrationTests.RateLimiting;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>The WebSocket message budget of <see cref="WebSocketRateLimitScenarios"/> with the 3 instances on a Redis Cluster.</summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class WebSocketRateLimitClusterTests(RedisClusterFixture cluster, ITestOutputHelper output) : WebSocketRateLimitScenarios(output)
{
    protected override string RedisConfiguration => cluster.Configuration;
}
