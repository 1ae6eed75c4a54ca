using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>Genesys Web Messaging through 3 gateway instances sharing a real Redis (design.md §3, issue 3); the shared-state figures are <see cref="GenesysTypingScenarios"/>.</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class GenesysTypingTests(RedisServerFixture redis, ITestOutputHelper output) : GenesysTypingScenarios(output)
{
    protected override string RedisConfiguration => redis.Configuration;

    [Fact]
    public async Task KeystrokeScript_DirectToPlatformGetsMessagesRejected_ThroughGatewayNone()
    {
        var (directToken, deployment) = GenesysGuest.NewSession();
        var (gatewayToken, _) = GenesysGuest.NewSession();
        var simulatorWs = new UriBuilder(Simulator.BaseAddress) { Scheme = "ws", Path = "/v1", Query = $"deploymentId={deployment}" }.Uri;
        await using var direct = await ChatGuest.ConnectAsync(simulatorWs);
        await direct.SendAsync(GenesysFrames.ConfigureSession(directToken, deployment));
        await using var tab = await GenesysGuest.OpenTabAsync(Gateways[2], "/genesys", gatewayToken, deployment);

        // 6 s of typing at 10 keys/s with a message at 0.55 s, 2.55 s and 4.55 s, sent both ways at once.
        await Task.WhenAll(RunScriptAsync(direct, directToken), RunScriptAsync(tab, gatewayToken));

        var directTexts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: directToken, kind: "genesys.text");
        var gatewayTexts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: gatewayToken, kind: "genesys.text");
        // Straight to the platform the keystrokes use up the 2/s budget (how often a message finds it full
        // depends on send timing, so at least 2 of 3); through the gateway every message gets through.
        Assert.InRange(directTexts.Count(r => r.Outcome == "rejected:429"), 2, 3);
        Assert.All(gatewayTexts, r => Assert.Equal("accepted", r.Outcome));
        Assert.Contains(direct.Received, f => f.Contains("\"class\":\"TooManyRequestsErrorMessage\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongestGuestMessage_IsInspectedAndResetsTheBurst()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Gateways[0], "/genesys", token, deployment);
        await tab.SendAsync(GenesysFrames.Typing(token, 1));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.typing");

        // 4,000 characters (the platform's limit) of 3-byte UTF-8: about 12 KB, above the old 8 KiB limit.
        var text = GenesysFrames.Text(token, new string('界', 4000), 1);
        await tab.SendAsync(text);
        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");

        Assert.Equal(text, received[0].Text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) > 12_000);

        // The burst was reset: a start goes within the 5 s interval of the first (once the message budget has room for it).
        var (keystrokes, _) = await GenesysGuest.TypeUntilForwardedAsync(tab, Simulator.Client, token, typingCount: 2, firstKey: 2, maxKeystrokes: 35);
        Output.WriteLine($"start after the message went with keystroke {keystrokes}");
    }

    private static async Task RunScriptAsync(ChatGuest tab, string token)
    {
        var clock = Stopwatch.StartNew();
        var texts = 0;
        for (var i = 0; i < 60; i++)
        {
            await Wait.UntilElapsedAsync(clock, Keystroke * i);
            await tab.SendAsync(GenesysFrames.Typing(token, i));
            if (i % 20 == 5)
            {
                await Wait.UntilElapsedAsync(clock, (Keystroke * i) + TimeSpan.FromMilliseconds(50));
                await tab.SendAsync(GenesysFrames.Text(token, "are you there?", ++texts));
            }
        }
    }
}
