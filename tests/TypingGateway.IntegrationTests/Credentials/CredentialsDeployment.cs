using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>
/// The shipped config on N instances in front of the simulator, plus a credential route
/// <c>/credentialed/conversations/{conversationId}/{**rest}</c> → the simulator's bearer-checked platform API
/// (<c>/api/v2/conversations/...</c>) with the <c>genesys</c> upstream and guest tickets for the conversation.
/// Clients record their responses and, on dispose, the gateways' logs and the issued tokens go to the ledger.
/// </summary>
public sealed class CredentialsDeployment : IAsyncDisposable
{
    public const string RouteId = "credential-api";
    public const string TokenKind = "oauth.token";
    public const string ApiKind = "genesys-rest.api";
    public const string SessionHeader = "X-Session-Id";

    private readonly ShippedDeployment _deployment;
    private readonly SecretLedger _ledger;
    private readonly List<HttpClient> _clients = [];

    private CredentialsDeployment(ShippedDeployment deployment, SecretLedger ledger)
    {
        _deployment = deployment;
        _ledger = ledger;
    }

    public SimulatorServer Simulator => _deployment.Simulator;

    public GatewayCluster Gateways => _deployment.Gateways;

    public TestConfigDirectory Config => _deployment.Config;

    /// <param name="ledger">Where responses, logs and secrets go.</param>
    /// <param name="redis">Shared Redis, or null for single-instance mode.</param>
    /// <param name="instances">Gateway instances.</param>
    /// <param name="tokenLifetimeSeconds">The simulator's <c>expires_in</c>.</param>
    /// <param name="upstream">Settings of <c>Upstreams:genesys</c> beyond the shipped ones, e.g. RefreshMargin.</param>
    /// <param name="settings">Settings of every instance, like command-line arguments (e.g. log levels).</param>
    public static async Task<CredentialsDeployment> StartAsync(
        SecretLedger ledger, string? redis, int instances = 3, int tokenLifetimeSeconds = 3600, JsonObject? upstream = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var deployment = await ShippedDeployment.StartAsync(instances, redis, o => o.OAuth.ExpiresInSeconds = tokenLifetimeSeconds, config =>
        {
            var route = ProxyConfig.Route("genesysRest", "/credentialed/conversations/{conversationId}/{**rest}");
            route["Transforms"] = new JsonArray(new JsonObject { ["PathPattern"] = "/api/v2/conversations/{conversationId}/{**rest}" });
            route["Metadata"] = new JsonObject { ["Upstream"] = "genesys", ["GuestTicketSubject"] = "conversationId" };
            config.Write("zz-credential-route.json", new JsonObject
            {
                ["ReverseProxy"] = new JsonObject { ["Routes"] = new JsonObject { [RouteId] = route } },
                ["Upstreams"] = new JsonObject { ["genesys"] = upstream ?? [] },

                // Each deployment has its own simulator, whose tokens the next one would not accept.
                ["Redis"] = new JsonObject { ["KeyPrefix"] = "tg-" + Guid.NewGuid().ToString("N") },
            });
        }, settings);
        ledger.AddSecret("sim-example-secret");
        ledger.AddSecret(Encoding.UTF8.GetString(deployment.Config.TicketKey));
        return new CredentialsDeployment(deployment, ledger);
    }

    /// <summary>A client of instance <paramref name="instance"/> whose responses are captured.</summary>
    public HttpClient Client(int instance)
    {
        var client = new HttpClient(new CapturingHandler(_ledger)) { BaseAddress = Gateways[instance].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    public string Ticket(string conversation, TimeSpan? lifetime = null) => Config.Ticket(conversation, lifetime);

    /// <summary>A request on the credential route for <paramref name="conversation"/>, with a valid ticket unless one is given.</summary>
    public HttpRequestMessage Request(string conversation, string? ticket = null, string? body = null, string rest = "messages")
    {
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, $"/credentialed/conversations/{conversation}/{rest}");
        request.Headers.Add(SessionHeader, conversation);
        request.Headers.Add("X-Guest-Ticket", ticket ?? Ticket(conversation));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async Task<IReadOnlyList<RecordedItem>> TokenRequestsAsync() => await Simulator.Client.GetRecordsAsync(kind: TokenKind);

    public async Task<IReadOnlyList<RecordedItem>> ApiCallsAsync(string? conversation = null) =>
        await Simulator.Client.GetRecordsAsync(session: conversation, kind: ApiKind);

    public static string? Bearer(RecordedItem item) =>
        item.Headers is { } headers && headers.TryGetValue("Authorization", out var value)
        && AuthenticationHeaderValue.TryParse(value, out var parsed) && parsed.Scheme == "Bearer" ? parsed.Parameter : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var token in await Simulator.Client.GetIssuedTokensAsync())
        {
            _ledger.AddSecret(token);
        }

        foreach (var (instance, index) in Gateways.Instances.Select((g, i) => (g, i)))
        {
            foreach (var entry in instance.Logs.Entries)
            {
                // What a log sink could write: the message, its structured values and the exception.
                _ledger.Capture($"log of instance {index}", entry.ToString());
            }
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _deployment.DisposeAsync();
    }
}
