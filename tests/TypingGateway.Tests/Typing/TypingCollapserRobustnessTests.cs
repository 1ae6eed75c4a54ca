using Microsoft.Extensions.DependencyInjection;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Typing;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing;

/// <summary>Issue 12 D1, D8 and R5 at the collapser: input it cannot read is forwarded untouched, and one connection cannot name guests without bound.</summary>
[Trait("Area", "Robustness")]
public sealed class TypingCollapserRobustnessTests : IDisposable
{
    private static readonly bool[] _collapsedPair = [true, false];
    private static readonly bool[] _uncollapsedPair = [true, true];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingStateStore _store;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger _logger = new();

    public TypingCollapserRobustnessTests() => _store = new InMemoryTypingStateStore(_time);

    public void Dispose()
    {
        _store.Dispose();
        _services.Dispose();
    }

    public static TheoryData<string, byte[]> Unreadable => new()
    {
        // A text cut mid-emoji: valid JSON, but no string can hold it.
        { "tutorial-ws", Encoding.UTF8.GetBytes("""{"type":"typing","guestId":"g\ud83d"}""") },
        { "tutorial-ws", Encoding.UTF8.GetBytes("""{"type":"typ\udc00ing","guestId":"g"}""") },
        // Invalid UTF-8 inside a string.
        { "tutorial-ws", [.. Encoding.UTF8.GetBytes("""{"type":"typing","guestId":"g"""), 0xFF, 0xFE, .. "\"}"u8.ToArray()] },
        // Duplicate keys: which "type" counts? Not recognised, so no burst and no stop to build from it (D8).
        { "tutorial-ws", Encoding.UTF8.GetBytes("""{"type":"typing","type":"stopped_typing","guestId":"g"}""") },
        { "cxone-chat", Encoding.UTF8.GetBytes("""{"action":"chatWindowEvent","eventId":"e","payload":{"eventType":"SenderTypingStarted","eventType":"SenderTypingStarted","brand":{"id":1},"channel":{"id":"c"},"visitor":{"id":"v"}}}""") },
        { "cxone-chat", Encoding.UTF8.GetBytes("""{"action":"chatWindowEvent","eventId":"e","payload":{"eventType":"SenderTypingStarted","brand":{"id":1},"channel":{"id":"c"},"visitor":{"id":"v\ud800"}}}""") },
        { "genesys-webmessaging", Encoding.UTF8.GetBytes("""{"token":"t\udfff","action":"onMessage","message":{"type":"Event","events":[{"eventType":"Typing","typing":{"type":"On"}}]}}""") },
        { "genesys-webmessaging", Encoding.UTF8.GetBytes("""{"token":"t","action":"onMessage","message":{"type":"Text","text":"cut mid-emoji \ud83d"}}""") },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task ShouldForwardAsync_InputItCannotRead_ForwardedAndNothingThrows(string profileName, byte[] frame)
    {
        var collapser = Collapser(profileName, TypingTab.NewConnection());
        var copy = frame.ToArray();

        var forwarded = await collapser.ShouldForwardAsync(frame, CancellationToken.None);
        var again = await collapser.ShouldForwardAsync(frame, CancellationToken.None);

        Assert.True(forwarded && again); // never collapsed: nothing identifies the burst safely
        Assert.Equal(copy, frame);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task ShouldForwardAsync_OneConnectionNamingManyGuests_CollapsesTheFirstEightThenForwardsUncollapsedAndWarnsOnce()
    {
        var collapser = Collapser("tutorial-ws", TypingTab.NewConnection());
        var decisions = new List<bool>();

        for (var guest = 0; guest < 20; guest++)
        {
            for (var key = 0; key < 2; key++)
            {
                decisions.Add(await collapser.ShouldForwardAsync(Encoding.UTF8.GetBytes($$"""{"type":"typing","guestId":"g{{guest}}"}"""), CancellationToken.None));
            }
        }

        // Guests 0..7: start forwarded, repeat suppressed. Guests 8..19: every frame forwarded, nothing stored.
        var expected = Enumerable.Range(0, 20).SelectMany(g => g < TypingDefaults.MaxKeysPerConnection ? _collapsedPair : _uncollapsedPair);
        Assert.Equal(expected, decisions);
        Assert.Equal(TypingDefaults.MaxKeysPerConnection, _store.Count);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 1306);
    }

    private TypingCollapser Collapser(string profileName, TypingTab tab)
    {
        var options = new TypingOptions();
        var tutorial = new TypingProfileOptions { Kind = "Json", Transport = TypingTransport.WebSocket, Path = "/type", Stop = TypingStopMode.SynthesizeAfterIdle };
        tutorial.StartValues.Add("typing");
        tutorial.StopValues.Add("stopped_typing");
        tutorial.MessageValues.Add("message");
        tutorial.Key.Add("pointer:/guestId");
        options.Profiles["tutorial-ws"] = tutorial;
        var profile = TypingProfileFactory.Build(options).Profiles[profileName];
        var context = new TypingContext(q => q == "deploymentId" ? "dep" : null, _ => null, _ => null);
        return new TypingCollapser(profile, context, tab, _store, stops: null, new GatewayMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _logger);
    }
}
