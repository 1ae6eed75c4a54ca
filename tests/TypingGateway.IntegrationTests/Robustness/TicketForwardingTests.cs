using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12, R7: the guest ticket is meant for the gateway only. It used to be removed on credential routes
/// only; on every other route it reached the upstream. The header and the query parameter (in any letter
/// case, as the gateway reads them) must be removed from every forwarded request and WebSocket upgrade,
/// and everything else forwarded as it came.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class TicketForwardingTests
{
    private const string TicketHeader = "X-Guest-Ticket";

    // What a decode-and-re-encode of the query would change: %20 and '+' (both a space), a repeated name, an empty value, a bare name.
    private const string Query = "q=a%20b&plus=a+b&slash=%2F&x=1&x=2&empty=&flag";

    [Fact]
    public async Task EchoRoute_TicketHeaderAndQueryParameter_RemovedAndRestForwardedIdentical()
    {
        // Arrange: the shipped config; echo-http has no credentials.
        await using var deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null);
        using var client = deployment.Gateways[0].CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var ticket = deployment.Config.Ticket("someone");

        // Act: the same request without and with the ticket (header, query parameter first, in the middle, last, in capitals).
        var control = await SendAsync(client, $"/echo/r7?{Query}&session=control", ticket: null);
        var withTicket = await SendAsync(
            client, $"/echo/r7?guest_ticket={ticket}&{Query}&GUEST_TICKET={ticket}&session=ticket&Guest_Ticket={ticket}", ticket);

        // Assert
        var controlRecord = Assert.Single(await deployment.Simulator.Client.GetRecordsAsync(session: "control"));
        var record = Assert.Single(await deployment.Simulator.Client.GetRecordsAsync(session: "ticket"));
        Assert.Equal($"/echo/r7?{Query}&session=control", controlRecord.Path);
        Assert.Equal($"/echo/r7?{Query}&session=ticket", record.Path);
        Assert.DoesNotContain(TicketHeader, record.Headers!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("value-1, value-2", record.Headers!["X-Custom-Header"]);
        Assert.Equal(Comparable(controlRecord.Headers!), Comparable(record.Headers!));
        Assert.Equal(controlRecord.Sha256, record.Sha256);
        Assert.Equal(HttpStatusCode.OK, control);
        Assert.Equal(HttpStatusCode.OK, withTicket);
    }

    [Fact]
    public async Task EchoWebSocketRoute_TicketHeaderAndQueryParameter_RemovedFromUpgrade()
    {
        // Arrange: the shipped config with the echo cluster pointed at a recorder of upgrades.
        await using var upstream = await UpgradeRecorder.StartAsync();
        await using var deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null, configure: config => config.Write("zzz-echo-recorder.json", new JsonObject
        {
            ["ReverseProxy"] = new JsonObject
            {
                ["Clusters"] = new JsonObject
                {
                    ["echo"] = new JsonObject { ["Destinations"] = new JsonObject { ["sim"] = new JsonObject { ["Address"] = upstream.Address.ToString() } } },
                },
            },
        }));
        var ticket = deployment.Config.Ticket("someone");
        var gateway = deployment.Gateways[0].WebSocketAddress;

        // Act
        await UpgradeAsync(new Uri(gateway, $"/ws/r7?{Query}&session=control"), ticket: null);
        await UpgradeAsync(new Uri(gateway, $"/ws/r7?guest_ticket={ticket}&{Query}&session=ticket"), ticket);

        // Assert
        Assert.Equal(2, upstream.Upgrades.Count);
        var control = upstream.Upgrades.ElementAt(0);
        var upgrade = upstream.Upgrades.ElementAt(1);
        Assert.Equal($"/ws/r7?{Query}&session=control", control.Target);
        Assert.Equal($"/ws/r7?{Query}&session=ticket", upgrade.Target);
        Assert.DoesNotContain(TicketHeader, upgrade.Headers.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("value-1, value-2", upgrade.Headers["X-Custom-Header"]);
        Assert.Equal(
            control.Headers.Keys.Where(k => k != "Sec-WebSocket-Key").Order(StringComparer.OrdinalIgnoreCase),
            upgrade.Headers.Keys.Where(k => k != "Sec-WebSocket-Key").Order(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The headers in name order, without the per-request trace context.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Comparable(IReadOnlyDictionary<string, string> headers) =>
        headers.Where(h => h.Key is not ("traceparent" or "tracestate")).OrderBy(h => h.Key, StringComparer.Ordinal);

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string target, string? ticket)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent("same body") };
        request.Headers.Add("X-Custom-Header", "value-1, value-2");
        if (ticket is not null)
        {
            request.Headers.Add(TicketHeader, ticket);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task UpgradeAsync(Uri uri, string? ticket)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Custom-Header", "value-1, value-2");
        if (ticket is not null)
        {
            socket.Options.SetRequestHeader(TicketHeader, ticket);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        var buffer = new byte[16];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }
}
