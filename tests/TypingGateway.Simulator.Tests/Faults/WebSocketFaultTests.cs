using System.Net.WebSockets;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Faults;

[Trait("Area", "Simulator")]
public sealed class WebSocketFaultTests : SimulatorTestBase
{
    private const string ConfigureFrame = """{"token":"tok","tracingId":"t-1","action":"configureSession"}""";

    [Fact]
    public async Task Genesys429_SendsTooManyRequestsFrame_ThenNextFrameIsNormal()
    {
        await using var ws = await ConnectAsync("v1?deploymentId=d");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, Status: 429, RetryAfterSeconds: 2));

        await ws.SendTextAsync(ConfigureFrame);
        Assert.Equal(
            """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":2,"errorCode":4029,"errorMessage":"Message rate too high for this session"},"tracingId":"t-1"}""",
            await ws.ReceiveTextAsync());
        await ws.SendTextAsync(ConfigureFrame);
        Assert.Equal("""{"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":true},"tracingId":"t-1"}""", await ws.ReceiveTextAsync());

        Assert.Equal(["fault:429", "accepted"], (await Sim.GetRecordsAsync(kind: "genesys.configureSession")).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Genesys5xx_SendsCode5000Frame()
    {
        await using var ws = await ConnectAsync("v1?deploymentId=d");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.AnyScope, Status: 503));

        await ws.SendTextAsync(ConfigureFrame);

        Assert.Equal("""{"type":"response","class":"string","code":5000,"body":"Request failed.","tracingId":"t-1"}""", await ws.ReceiveTextAsync());
        Assert.Equal("fault:503", Assert.Single(await Sim.GetRecordsAsync()).Outcome);
    }

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalServerError")]
    public async Task CXoneStatus_SendsErrorFrameWithRequestEventId(int status, string errorCode)
    {
        await using var ws = await ConnectAsync("cxone?visitorId=v-1");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, Status: status));

        await ws.SendTextAsync("""{"action":"chatWindowEvent","eventId":"ev-1","payload":{"eventType":"SenderTypingStarted","visitor":{"id":"v-1"}}}""");

        Assert.Equal(
            $$$"""{"eventId":"ev-1","error":{"errorCode":"{{{errorCode}}}","transactionId":"<uuid>"}}""",
            FrameText.Normalize(await ws.ReceiveTextAsync()));
        var record = Assert.Single(await Sim.GetRecordsAsync(session: "v-1"));
        Assert.Equal(("cxone.SenderTypingStarted", "fault:" + status), (record.Kind, record.Outcome));
    }

    [Fact]
    public async Task EchoStatus_SendsErrorObjectInsteadOfEcho()
    {
        await using var ws = await ConnectAsync("ws/e?session=e");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, Status: 503, RetryAfterSeconds: 2));

        await ws.SendTextAsync("first");
        Assert.Equal("""{"error":{"status":503,"retryAfter":2}}""", await ws.ReceiveTextAsync());
        await ws.SendTextAsync("second");
        Assert.Equal("second", await ws.ReceiveTextAsync());

        Assert.Equal(["first:fault:503", "second:accepted"], (await Sim.GetRecordsAsync(session: "e")).Select(r => r.Text + ":" + r.Outcome));
    }

    [Theory]
    [InlineData("v1?deploymentId=d", """{"token":"tok","action":"echo"}""")]
    [InlineData("cxone?visitorId=v", """{"action":"heartbeat"}""")]
    [InlineData("ws/e", "hello")]
    public async Task Drop_AbortsTheSocket(string path, string frame)
    {
        await using var ws = await ConnectAsync(path);
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, Drop: true));

        await ws.SendTextAsync(frame);

        await Assert.ThrowsAsync<WebSocketException>(ws.ReceiveMessageAsync);
        Assert.Equal("fault:drop", Assert.Single(await Sim.GetRecordsAsync()).Outcome);
    }

    [Fact]
    public async Task LatencyOnly_DelaysThenEchoes()
    {
        await using var ws = await ConnectAsync("ws/e");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, LatencyMs: 250));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await ws.SendTextAsync("slow");
        Assert.Equal("slow", await ws.ReceiveTextAsync());

        // As in HttpFaultTests: the server's timer runs on a millisecond tick count, so the delay can end a
        // fraction of a tick early by the client's Stopwatch (CI measured 249.67 ms for 250); less than
        // 245 ms means the delay was not applied.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(245), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task HttpScope_DoesNotAffectFrames()
    {
        await using var ws = await ConnectAsync("cxone?visitorId=v");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Status: 500));

        await ws.SendTextAsync("""{"action":"heartbeat"}""");

        Assert.Equal("\"pong\"", await ws.ReceiveTextAsync());
    }
}
