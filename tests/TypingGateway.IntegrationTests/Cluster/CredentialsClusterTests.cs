using TypingGateway.IntegrationTests.Credentials;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>The token broker figures of <see cref="CredentialsTokenScenarios"/> with the 3 instances on a Redis Cluster.</summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class CredentialsClusterTests(RedisClusterFixture cluster, SecretLedger ledger, ITestOutputHelper output) : CredentialsTokenScenarios, IClassFixture<SecretLedger>
{
    protected override string RedisConfiguration => cluster.Configuration;

    protected override SecretLedger Ledger => ledger;

    protected override ITestOutputHelper Output => output;
}
