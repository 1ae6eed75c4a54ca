using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 13, design §7b: SIGTERM to a real gateway process with guests connected. Readiness goes off at once, every
/// guest WebSocket gets Close 1001 at a message boundary (so the widget reconnects to another replica), nothing a guest
/// sent before it received the close is lost, in-flight HTTP finishes, and the process exits within the drain timeout.
/// Before: every guest was reset without a close frame when the host's 30 s shutdown timeout ran out.
/// </summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Lifecycle")]
public sealed class GracefulDrainTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const int Idle = 10;
    private const int Chatting = 10;

    private static readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_ReadinessOffGuestsGet1001NothingLostHttpFinishes_ExitWithinDrainTimeout()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        await using var gateway = await GatewayProcess.StartAsync(config.Path, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Shutdown:DrainTimeout"] = _drainTimeout.ToString(),
        });
        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var guests = new List<ChatGuest>();
        try
        {
            for (var i = 0; i < Idle + Chatting; i++)
            {
                // Guest 0 never answers a Close (a dead widget): the gateway closes the upstream side for it.
                guests.Add(await ChatGuest.ConnectAsync(new Uri(gateway.WebSocketAddress, $"/chat/echo?session=drain-{i}"), answerClose: i != 0));
            }

            // Act: 10 guests chat every 200 ms, an HTTP upload is in flight (its body streams for 2 s), then SIGTERM.
            using var stopChatting = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var sent = new ConcurrentDictionary<int, List<string>>();
            var chatting = Enumerable.Range(Idle, Chatting).Select(i => ChatAsync(i, guests[i], sent.GetOrAdd(i, _ => []), stopChatting.Token)).ToArray();
            var upload = UploadSlowlyAsync(http);
            await Task.Delay(TimeSpan.FromSeconds(1));

            var sinceSigterm = Stopwatch.StartNew();
            gateway.Terminate();
            var notReadyAfter = await FirstAsync(async () => (await management.GetAsync(Readiness.Path)).StatusCode == HttpStatusCode.ServiceUnavailable, sinceSigterm);
            var closedAfter = await Task.WhenAll(guests.Select(g => FirstAsync(() => Task.FromResult(g.CloseStatus is not null), sinceSigterm)));
            var exitCode = await gateway.WaitForExitAsync(_drainTimeout + TimeSpan.FromSeconds(5));
            var exitedAfter = sinceSigterm.Elapsed;
            await stopChatting.CancelAsync();
            await Task.WhenAll(chatting);
            var (uploadStatus, uploadEcho, uploadBody) = await upload;

            output.WriteLine(
                $"readiness 503 after {notReadyAfter.TotalMilliseconds:0} ms; Close received by all {guests.Count} guests within " +
                $"{closedAfter.Max().TotalMilliseconds:0} ms (median {closedAfter.Order().ElementAt(closedAfter.Length / 2).TotalMilliseconds:0}); " +
                $"exit code {exitCode} after {exitedAfter.TotalMilliseconds:0} ms; {sent.Values.Sum(s => s.Count)} messages sent by the chatting guests");

            // Assert: readiness off at once; every guest told "going away"; the process gone well within the drain timeout.
            Assert.True(notReadyAfter < TimeSpan.FromMilliseconds(100), $"readiness answered 503 only {notReadyAfter.TotalMilliseconds:0} ms after SIGTERM");
            Assert.All(guests, g => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, g.CloseStatus));
            Assert.True(closedAfter.Max() < TimeSpan.FromSeconds(1), $"the last guest got its Close {closedAfter.Max().TotalMilliseconds:0} ms after SIGTERM");
            Assert.Equal(0, exitCode);
            Assert.True(exitedAfter < _drainTimeout, $"exited {exitedAfter.TotalMilliseconds:0} ms after SIGTERM, drain timeout {_drainTimeout.TotalSeconds} s");

            // Nothing lost or cut: every message a guest sent before it saw the Close reached the upstream, whole and in order.
            foreach (var (i, messages) in sent)
            {
                var records = await simulator.Client.GetRecordsAsync(session: $"drain-{i}");
                Assert.Equal(messages, records.Where(r => r.MessageType == "text").Select(r => r.Text));
            }

            // The upstream side of every connection was closed with a Close frame: the guest's answer, or for the guest
            // that never answered, the gateway's own 1001 after the close handshake timeout.
            for (var i = 0; i < guests.Count; i++)
            {
                var close = Assert.Single(await simulator.Client.GetRecordsAsync(session: $"drain-{i}"), r => r.MessageType == "close");
                Assert.Equal(1001, close.CloseStatus);
            }

            // The HTTP request in flight at SIGTERM finished with the upstream's answer.
            Assert.Equal(HttpStatusCode.OK, uploadStatus);
            Assert.Equal(uploadBody, uploadEcho);
        }
        finally
        {
            foreach (var guest in guests)
            {
                await guest.DisposeAsync();
            }

            if (!gateway.HasExited)
            {
                output.WriteLine(string.Join(Environment.NewLine, gateway.Output.TakeLast(40)));
            }
        }
    }

    /// <summary>A message every 200 ms until the guest has seen a Close (or the test gives up); records what was sent.</summary>
    private static async Task ChatAsync(int guest, ChatGuest tab, List<string> sent, CancellationToken cancellationToken)
    {
        for (var n = 0; !cancellationToken.IsCancellationRequested && tab.CloseStatus is null && n < 100; n++)
        {
            var text = $$"""{"type":"message","text":"guest {{guest}} message {{n}}"}""";
            try
            {
                await tab.SendAsync(text);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // the socket closed under the send: this message was not sent
            }

            sent.Add(text);
            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Echo, string Body)> UploadSlowlyAsync(HttpClient http)
    {
        var body = string.Concat(Enumerable.Range(0, 10).Select(i => $"chunk {i};"));
        using var content = new SlowContent(body, TimeSpan.FromMilliseconds(200));
        using var response = await http.PostAsync("/echo/drain-upload", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), body);
    }

    /// <summary>How long after <paramref name="since"/> started <paramref name="condition"/> first held (polled every 5 ms, at most 20 s).</summary>
    private static async Task<TimeSpan> FirstAsync(Func<Task<bool>> condition, Stopwatch since)
    {
        while (since.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                if (await condition())
                {
                    return since.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // The listener is gone: the condition is not observable any more.
                return TimeSpan.MaxValue;
            }

            await Task.Delay(5);
        }

        return TimeSpan.MaxValue;
    }

    /// <summary>A request body sent in ten parts, <c>delay</c> apart: a request in flight for about 2 s.</summary>
    private sealed class SlowContent(string body, TimeSpan delay) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var parts = body.Split(';', StringSplitOptions.RemoveEmptyEntries);
            foreach (var part in parts)
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(part + ";"));
                await stream.FlushAsync();
                await Task.Delay(delay);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
