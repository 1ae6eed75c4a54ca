using Microsoft.Playwright;

namespace TypingGateway.BrowserTests.Infrastructure;

/// <summary>
/// Debian's chromium, driven by Playwright's bundled driver (never <c>playwright install</c>: no browser download).
/// <see cref="Require"/> skips the calling test, with the reason, where it is not installed: a machine with only the
/// .NET SDK gets a skip; <c>.ci/run</c> installs it.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] _arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
    ];

    public static void Require() =>
        Skip.IfNot(File.Exists(ExecutablePath),
            $"{ExecutablePath} was not found: the browser tests drive Debian's chromium (apt-get install chromium; .ci/run installs it).");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = _arguments,
            Timeout = 30_000,
        });
}
