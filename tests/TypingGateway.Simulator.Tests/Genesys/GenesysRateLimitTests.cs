using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.Genesys.GenesysRequests;

namespace TypingGateway.Simulator.Tests.Genesys;

/// <summary>The 2 onMessage/s/session limit, driven by a fake clock instead of sleeping.</summary>
[Trait("Area", "Simulator")]
public sealed class GenesysRateLimitTests : SimulatorTestBase
{
    private static readonly DateTimeOffset _start = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(_start);

    protected override void Configure(SimulatorOptions options) => options.Genesys.EnableAgentReplies = false;

    private protected override TimeProvider? CreateTimeProvider() => _time;

    [Fact]
    public async Task OnMessage_ThirdWithinOneSecond_Gets429_AndFreshOneAcceptedAfterWindow()
    {
        await using var ws = await ConfiguredAsync("tok-1");

        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(TextFrame("tok-1", "third"));
        Assert.Equal(TooManyRequests, await ws.ReceiveTextAsync());

        _time.Advance(TimeSpan.FromMilliseconds(1000));
        await ws.SendTextAsync(TextFrame("tok-1", "fresh"));
        Assert.Equal(
            EchoOf("fresh").Replace("<iso>", "2030-01-02T03:04:06.678Z", StringComparison.Ordinal),
            FrameText.NormalizeIds(await ws.ReceiveTextAsync()));

        var records = await Sim.GetRecordsAsync(session: "tok-1");
        Assert.Equal(
            ["genesys.configureSession:accepted", "genesys.typing:accepted", "genesys.typing:accepted", "genesys.text:rejected:429", "genesys.text:accepted"],
            records.Select(r => r.Kind + ":" + r.Outcome));
        Assert.Equal(_start.AddSeconds(1), records[^1].Time);
    }

    [Fact]
    public async Task OnMessage_RejectedFramesDoNotCount_WindowSlides()
    {
        await using var ws = await ConfiguredAsync("tok-1");
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await SyncAsync(ws);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(TypingFrame("tok-1", "t-3"));
        Assert.Equal(TooManyRequests[..^1] + ""","tracingId":"t-3"}""", await ws.ReceiveTextAsync());

        // At +999 ms both accepted frames are still inside the window.
        _time.Advance(TimeSpan.FromMilliseconds(499));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        Assert.Equal(TooManyRequests, await ws.ReceiveTextAsync());

        // At +1000 ms the first one leaves the window: exactly one slot is free.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        await ws.SendTextAsync(TypingFrame("tok-1"));
        Assert.Equal(TooManyRequests, await ws.ReceiveTextAsync());

        var outcomes = (await Sim.GetRecordsAsync(kind: "genesys.typing")).Select(r => r.Outcome);
        Assert.Equal(["accepted", "accepted", "rejected:429", "rejected:429", "accepted", "rejected:429"], outcomes);
    }

    [Fact]
    public async Task OnMessage_SessionsHaveSeparateBudgets()
    {
        await using var a = await ConfiguredAsync("tok-a");
        await using var b = await ConfiguredAsync("tok-b");

        await a.SendTextAsync(TypingFrame("tok-a"));
        await a.SendTextAsync(TypingFrame("tok-a"));
        await b.SendTextAsync(TypingFrame("tok-b"));
        await b.SendTextAsync(TypingFrame("tok-b"));
        await a.SendTextAsync(TypingFrame("tok-a"));
        await b.SendTextAsync(TypingFrame("tok-b"));

        Assert.Equal(TooManyRequests, await a.ReceiveTextAsync());
        Assert.Equal(TooManyRequests, await b.ReceiveTextAsync());
    }

    [Fact]
    public async Task Frames_UseTheInjectedClock()
    {
        await using var ws = await ConfiguredAsync("tok-1");

        await ws.SendTextAsync(TextFrame("tok-1", "hi"));
        Assert.Contains("\"time\":\"2030-01-02T03:04:05.678Z\"", await ws.ReceiveTextAsync(), StringComparison.Ordinal);

        await ws.SendTextAsync(ActionFrame("tok-1", "getJwt"));
        Assert.EndsWith("\"exp\":" + (_start.ToUnixTimeSeconds() + 3600) + "}}", await ws.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>Echo is not rate limited and is answered in order: its answer proves earlier frames were processed.</summary>
    private static async Task SyncAsync(WsClient ws)
    {
        await ws.SendTextAsync(EchoFrame("tok-1", "sync"));
        Assert.Contains("\"tracingId\":\"sync\"", await ws.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    private async Task<WsClient> ConfiguredAsync(string token)
    {
        var ws = await ConnectAsync(GuestPath);
        await ws.SendTextAsync(ConfigureFrame(token));
        Assert.Equal(SessionResponseNew, await ws.ReceiveTextAsync());
        return ws;
    }
}
