using System.Net;
using System.Net.WebSockets;
using System.Text;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Echo;

/// <summary>
/// <c>Recorder:RecordEcho=false</c> (what the benchmark uses): the echo endpoints still echo exactly,
/// record nothing, and the platform endpoints go on recording.
/// </summary>
[Trait("Area", "Simulator")]
public sealed class EchoWithoutRecordingTests : SimulatorTestBase
{
    protected override void Configure(SimulatorOptions options)
    {
        options.Recorder.RecordEcho = false;
        options.Genesys.EnableAgentReplies = false;
    }

    [Fact]
    public async Task EchoHttpAndWebSocket_RecordEchoOff_EchoedButNotRecorded()
    {
        using var response = await Http.PostAsync(new Uri("echo/x?session=s-1", UriKind.Relative), new StringContent("hello"));
        await using var ws = await ConnectAsync("/ws/room?session=s-1");
        await ws.SendTextAsync("frame one");
        var echoed = await ws.ReceiveTextAsync();
        await ws.CloseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("frame one", echoed);
        Assert.Equal(0, (await Sim.GetCountsAsync()).Total);
    }

    [Fact]
    public async Task GenesysTyping_RecordEchoOff_StillRecorded()
    {
        await using var ws = await ConnectAsync("/v1?deploymentId=d-1");
        await ws.SendTextAsync("""{"token":"tok-1","deploymentId":"d-1","startNew":false,"action":"configureSession"}""");
        Assert.Contains("SessionResponse", await ws.ReceiveTextAsync(), StringComparison.Ordinal);
        await ws.Socket.SendAsync(Encoding.UTF8.GetBytes("""{"token":"tok-1","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}"""), WebSocketMessageType.Text, true, CancellationToken.None);

        var records = await Sim.WaitForRecordsAsync(r => r.Count >= 1, TestTimeouts.Receive, kind: "genesys.typing");

        Assert.Equal("accepted", Assert.Single(records).Outcome);
    }
}
