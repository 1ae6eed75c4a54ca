using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12, R1: at the open-file limit the process died. The cap on upgraded connections (here lowered to 5 by
/// config, far below the machine's limit) answers the upgrades past it with 503 and <c>Retry-After</c>; the held
/// sockets and plain HTTP keep working, and a slot is free again as soon as a socket ends, however it ends.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class UpgradeCapTests : IAsyncLifetime
{
    private const int Cap = 5;
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    private ShippedDeployment _deployment = null!;

    private GatewayHost Gateway => _deployment.Gateways[0];

    public async Task InitializeAsync() =>
        _deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null, settings: new Dictionary<string, string?>
        {
            ["WebSockets:MaxConnections"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task Upgrade_PastTheCap_Gets503WithRetryAfter_HeldSocketsKeepEchoing_AndAFreedSlotIsReused()
    {
        var run = Guid.NewGuid().ToString("N");
        var held = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < Cap; i++)
            {
                held.Add(await ConnectAsync($"/ws/echo?session=cap-{run}-{i}"));
            }

            // Past the cap: a clean 503 with Retry-After and a problem body, nothing forwarded.
            var refused = await RawUpgrade.SendAsync(Gateway.BaseAddress, $"/ws/echo?session=cap-{run}-refused", origin: null);
            var refusedClient = await TryConnectAsync($"/ws/echo?session=cap-{run}-refused");

            Assert.Equal(503, refused.Status);
            Assert.True(int.TryParse(refused.Headers["Retry-After"], out var retryAfter) && retryAfter > 0, refused.Headers["Retry-After"]);
            using (var problem = JsonDocument.Parse(refused.Body))
            {
                Assert.Equal("urn:typinggateway:problem:connection-limit", problem.RootElement.GetProperty("type").GetString());
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedClient);
            Assert.Empty(await _deployment.Simulator.Client.GetRecordsAsync(session: $"cap-{run}-refused"));

            // The process keeps serving HTTP and every held socket keeps echoing.
            using (var client = Gateway.CreateClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/echo/still-serving")).StatusCode);
            }

            for (var i = 0; i < held.Count; i++)
            {
                await held[i].SendTextAsync($"still here {i}");
                Assert.Equal($"still here {i}", await held[i].ReceiveTextAsync(_timeout));
            }

            // One guest leaves cleanly, another's connection drops: both slots come back.
            await held[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            held[1].Abort();
            var replacements = new List<ClientWebSocket>();
            for (var i = 0; i < 2; i++)
            {
                replacements.Add(await ConnectWithinAsync($"/ws/echo?session=cap-{run}-again-{i}", _timeout));
            }

            held.AddRange(replacements);
            foreach (var socket in replacements)
            {
                await socket.SendTextAsync("again");
                Assert.Equal("again", await socket.ReceiveTextAsync(_timeout));
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await TryConnectAsync($"/ws/echo?session=cap-{run}-refused-again"));
            Assert.True(await _deployment.Gateways.SumMetricAsync("typinggateway_admission_rejections_total", ("reason", "connection_limit")) >= 2);
            Assert.Equal(Cap, await _deployment.Simulator.Client.DropConnectionsAsync()); // upstream sockets: exactly the held ones
            Assert.Single(Gateway.Logs.Entries, e => e.EventId.Id == 1702); // logged once, when the cap was first hit
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(_timeout);
        await socket.ConnectAsync(new Uri(Gateway.WebSocketAddress, pathAndQuery), timeout.Token);
        return socket;
    }

    /// <summary>The status of a refused upgrade, or 101 when it was accepted (the socket is then closed).</summary>
    private async Task<HttpStatusCode> TryConnectAsync(string pathAndQuery)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            await socket.ConnectAsync(new Uri(Gateway.WebSocketAddress, pathAndQuery), timeout.Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (WebSocketException)
        {
            // The handshake was refused; the status says why.
        }

        return socket.HttpStatusCode;
    }

    // The slot is released when the gateway's side of the socket has ended, a moment after the client's.
    private async Task<ClientWebSocket> ConnectWithinAsync(string pathAndQuery, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                using var timeout = new CancellationTokenSource(_timeout);
                await socket.ConnectAsync(new Uri(Gateway.WebSocketAddress, pathAndQuery), timeout.Token);
                return socket;
            }
            catch (WebSocketException) when (socket.HttpStatusCode == HttpStatusCode.ServiceUnavailable && watch.Elapsed < within && attempt < 100)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }
}
