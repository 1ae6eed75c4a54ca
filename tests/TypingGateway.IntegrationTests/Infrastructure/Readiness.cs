using System.Text.Json.Nodes;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Reading <c>/health/ready</c>: the status of one named check.</summary>
public static class Readiness
{
    public const string Path = "/health/ready";

    public static string CheckStatus(string readinessJson, string check) =>
        JsonNode.Parse(readinessJson)!["checks"]![check]!["status"]!.GetValue<string>();

    public static async Task<string> CheckStatusAsync(HttpClient client, string check) =>
        CheckStatus(await client.GetStringAsync(Path), check);

    /// <summary>Waits until every client's instance reports its Redis check Healthy (reconnected).</summary>
    public static async Task WaitForRedisAsync(IEnumerable<HttpClient> clients)
    {
        foreach (var client in clients)
        {
            await Wait.UntilAsync(async () => await CheckStatusAsync(client, "redis") == "Healthy", TimeSpan.FromSeconds(20), "the instance reconnects to Redis");
        }
    }
}
