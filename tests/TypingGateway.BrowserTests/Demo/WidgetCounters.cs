using System.Globalization;
using Microsoft.Playwright;

namespace TypingGateway.BrowserTests.Demo;

/// <summary>The counters one widget of the demo page shows, read from their <c>data-testid</c>s.</summary>
internal readonly record struct WidgetCounters(
    int SentTyping, int SentMessages, int PlatformTyping, int PlatformMessages, int PlatformAccepted, int Rejected, int MessagesLost)
{
    public static async Task<WidgetCounters> ReadAsync(IPage page, string side)
    {
        async Task<int> Read(string role) =>
            int.Parse(await page.GetByTestId($"{side}-{role}").InnerTextAsync(), NumberStyles.None, CultureInfo.InvariantCulture);

        return new WidgetCounters(
            await Read("sent-typing"),
            await Read("sent-messages"),
            await Read("platform-typing"),
            await Read("platform-messages"),
            await Read("platform-accepted"),
            await Read("rejected"),
            await Read("platform-messages-rejected"));
    }

    /// <summary>Whether the page shows exactly what the simulator recorded (429s as the frames the widget received).</summary>
    public bool Matches(PlatformCounts platform) =>
        PlatformTyping == platform.Typing
        && PlatformMessages == platform.Messages
        && PlatformAccepted == platform.Accepted
        && Rejected == platform.RateLimited
        && MessagesLost == platform.MessagesRateLimited;
}
