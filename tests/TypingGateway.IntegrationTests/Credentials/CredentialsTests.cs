using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>
/// Upstream credentials on 3 instances with a real Redis and the simulator's token endpoint: the token
/// broker, bearer injection, 401 renew-and-replay and guest tickets. One class (split by aspect) so that
/// the leak scan runs after every other credentials test and sees all they captured.
/// </summary>
[Trait("Area", "Credentials")]
[Collection(RedisCollection.Name)]
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
public sealed partial class CredentialsTests(RedisServerFixture redis, SecretLedger ledger, ITestOutputHelper output) : CredentialsTokenScenarios, IClassFixture<SecretLedger>
{
    private const string TicketHeader = "X-Guest-Ticket";

    protected override string RedisConfiguration => redis.Configuration;

    protected override SecretLedger Ledger => ledger;

    protected override ITestOutputHelper Output => output;

    [Fact]
    [RunLast]
    public async Task Suite_LogsAndResponses_ContainNoTokenOrSecret()
    {
        // Arrange: the paths that handle tokens and tickets once more, so the scan has material even when run alone.
        await using (var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration, upstream: new JsonObject { ["ForcedRenewalInterval"] = "00:00:00" }))
        {
            var client = deployment.Client(0);
            var conversation = NewId();
            using (var ok = await client.SendAsync(deployment.Request(conversation)))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            using (var forged = await client.SendAsync(deployment.Request(conversation, ticket: Forge(deployment.Ticket(conversation)))))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            }

            await deployment.Simulator.Client.RevokeTokensAsync();
            using var replayed = await client.SendAsync(deployment.Request(conversation, body: """{"n":1}"""));
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        }

        // Act
        var leaks = ledger.Leaks();

        // Assert: something was captured and something was secret, and no capture holds a secret.
        Assert.True(ledger.SecretCount >= 4, $"only {ledger.SecretCount} secrets recorded");
        Assert.True(ledger.CapturedCount >= 10, $"only {ledger.CapturedCount} responses and log entries captured");
        Assert.Empty(leaks);
    }

    /// <summary>The ticket with one character of its signature changed.</summary>
    private static string Forge(string ticket)
    {
        var index = ticket.Length - 10;
        var replacement = ticket[index] == 'A' ? 'B' : 'A';
        return string.Concat(ticket.AsSpan(0, index), replacement.ToString(), ticket.AsSpan(index + 1));
    }
}
