namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Tests that share one real Redis server (and may stop or pause it) run in this collection, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "Redis";
}
