namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Tests that share the local Redis Cluster (and may kill one of its primaries) run in this collection, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "RedisCluster";
}
