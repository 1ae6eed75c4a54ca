using System.Diagnostics;
using Microsoft.Playwright;
using TypingGateway.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.BrowserTests.Demo;

/// <summary>
/// The Dev launcher's live demo in a real browser: both widgets typed into at 10 keys/s for 5 s with a message halfway
/// and one at the end; what the page shows must equal what the simulator recorded, read here over HTTP. Skipped, with
/// the reason, where /usr/bin/chromium is not installed.
/// </summary>
[Trait("Area", "Browser")]
public sealed class DemoPageTests(ITestOutputHelper output)
{
    private const string Gateway = "gateway";
    private const string Direct = "direct";
    private const int Keys = 50;                                        // 10 keys/s for 5 s
    private const int Messages = 2;                                     // after key 25 and after key 50
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private const string RegenerateScreenshotVariable = "TYPINGGATEWAY_REGENERATE_DEMO_SCREENSHOT";
    private static readonly TimeSpan _keyInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _settleWithin = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task DemoPage_EagerTypingInBothWidgets_PageShowsWhatThePlatformRecorded()
    {
        Chromium.Require();
        await using var launcher = await DevLauncherProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 720 } });
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(new Uri(launcher.Gateway, "demo/").ToString());
        await Assertions.Expect(page.GetByTestId($"{Gateway}-status")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.GetByTestId($"{Direct}-status")).ToHaveTextAsync("connected");
        var gatewaySession = await page.GetByTestId($"{Gateway}-session").InnerTextAsync();
        var directSession = await page.GetByTestId($"{Direct}-session").InnerTextAsync();

        // Act: real keystrokes, one into each widget per 100 ms slot (paced on absolute times, so no drift), and
        // Send clicked in both in the slot after key 25 and after key 50.
        var clock = Stopwatch.StartNew();
        var slot = 0;
        for (var key = 0; key < Keys; key++)
        {
            await UntilAsync(clock, slot++ * _keyInterval);
            var letter = Letters[key % Letters.Length].ToString();
            await TypeAsync(page, Gateway, letter);
            await TypeAsync(page, Direct, letter);
            if (key == Keys / 2 - 1 || key == Keys - 1)
            {
                await UntilAsync(clock, slot++ * _keyInterval);
                await page.GetByTestId($"{Gateway}-send").ClickAsync();
                await page.GetByTestId($"{Direct}-send").ClickAsync();
            }
        }

        output.WriteLine($"typed {Keys} keys and sent {Messages} messages per widget in {clock.Elapsed.TotalSeconds:0.00} s");

        // The gateway may hold a message up to MaxDelay (2 s); the page polls the platform every 500 ms.
        var (gatewayPage, gatewayPlatform, directPage, directPlatform) = await SettleAsync(page, launcher, gatewaySession, directSession);
        await SaveScreenshotAsync(page);
        output.WriteLine($"gateway: page {gatewayPage}; simulator {gatewayPlatform}");
        output.WriteLine($"direct:  page {directPage}; simulator {directPlatform}");

        // Assert: what each widget sent, as the page counts it.
        Assert.Equal(new WidgetCounters(Keys, Messages, gatewayPlatform.Typing, gatewayPlatform.Messages, gatewayPlatform.Accepted, gatewayPlatform.RateLimited, gatewayPlatform.MessagesRateLimited), gatewayPage);
        Assert.Equal(new WidgetCounters(Keys, Messages, directPlatform.Typing, directPlatform.Messages, directPlatform.Accepted, directPlatform.RateLimited, directPlatform.MessagesRateLimited), directPage);

        // Through the gateway: typing collapsed to one start per burst (the first key, and the first key after the
        // message that the budget's reserve admits, ~1.1 s after it: the next start would be 5 s later); every
        // message accepted; no 429.
        Assert.Equal(2, gatewayPlatform.Typing);
        Assert.Equal(Messages, gatewayPlatform.Messages);
        Assert.Equal(2 + Messages, gatewayPlatform.Accepted);
        Assert.Equal(0, gatewayPlatform.RateLimited);

        // Straight to the platform: every frame reaches it, and it refuses what exceeds 2 per sliding second with 429.
        Assert.Equal(Keys, directPlatform.Typing);
        Assert.Equal(Messages, directPlatform.Messages);
        Assert.Equal(Keys + Messages, directPlatform.Accepted + directPlatform.RateLimited);
        var span = directPlatform.Records[^1].Time - directPlatform.Records[0].Time;
        var mostAccepted = 2 * ((int)Math.Ceiling(span.TotalSeconds) + 1);
        Assert.InRange(directPlatform.Accepted, 1, mostAccepted);
        Assert.True(directPlatform.RateLimited >= Keys + Messages - mostAccepted,
            $"{directPlatform.RateLimited} frames refused over {span.TotalSeconds:0.00} s; at least {Keys + Messages - mostAccepted} expected");
    }

    private async Task<(WidgetCounters GatewayPage, PlatformCounts GatewayPlatform, WidgetCounters DirectPage, PlatformCounts DirectPlatform)> SettleAsync(
        IPage page, DevLauncherProcess launcher, string gatewaySession, string directSession)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var gatewayPlatform = PlatformCounts.From(await launcher.Simulator.GetRecordsAsync(gatewaySession));
            var directPlatform = PlatformCounts.From(await launcher.Simulator.GetRecordsAsync(directSession));
            var gatewayPage = await WidgetCounters.ReadAsync(page, Gateway);
            var directPage = await WidgetCounters.ReadAsync(page, Direct);
            var everythingArrived = gatewayPlatform.Messages == Messages && directPlatform.Typing + directPlatform.Messages == Keys + Messages;
            if (everythingArrived && gatewayPage.Matches(gatewayPlatform) && directPage.Matches(directPlatform))
            {
                return (gatewayPage, gatewayPlatform, directPage, directPlatform);
            }

            if (watch.Elapsed > _settleWithin)
            {
                // The assertions that follow say which count differs.
                output.WriteLine($"not settled after {_settleWithin.TotalSeconds} s; launcher output:{Environment.NewLine}{launcher.OutputTail}");
                return (gatewayPage, gatewayPlatform, directPage, directPlatform);
            }

            await Task.Delay(250);
        }
    }

    private async Task SaveScreenshotAsync(IPage page)
    {
        // One more chart sample (every 250 ms) after the last counter changed.
        await Task.Delay(600);
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "demo-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        if (Environment.GetEnvironmentVariable(RegenerateScreenshotVariable) == "1")
        {
            // Only on purpose: the README's picture changes when someone means it to.
            var docs = Path.Combine(Checkout.Root, "docs", "images", "demo-page.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(path, docs, overwrite: true);
            output.WriteLine($"copied to {docs}");
        }
    }

    // Playwright puts the caret at the start of an input it focuses: End first (no input event, so no typing frame),
    // then the letter where a person's would go.
    private static async Task TypeAsync(IPage page, string side, string letter)
    {
        await page.GetByTestId($"{side}-input").PressAsync("End");
        await page.Keyboard.PressAsync(letter);
    }

    private static async Task UntilAsync(Stopwatch clock, TimeSpan at)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
