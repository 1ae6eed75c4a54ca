using System.Diagnostics;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Bounded polling for conditions that become true asynchronously (reloads, reconnects).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}.");
    }

    /// <summary>Waits until <paramref name="clock"/> reads <paramref name="at"/> (at once if it already does): paces scripted traffic.</summary>
    public static async Task UntilElapsedAsync(Stopwatch clock, TimeSpan at)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
