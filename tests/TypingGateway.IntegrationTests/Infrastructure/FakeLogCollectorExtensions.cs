using System.Diagnostics;
using Microsoft.Extensions.Logging.Testing;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Waiting for a log entry a host writes asynchronously (a reload, a reconnect).</summary>
public static class FakeLogCollectorExtensions
{
    public static async Task<FakeLogRecord> WaitForAsync(this FakeLogCollector logs, Func<FakeLogRecord, bool> predicate, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (logs.GetSnapshot().FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"No matching log entry within {timeout.TotalSeconds:0.#} s. Entries:{Environment.NewLine}{string.Join(Environment.NewLine, logs.GetSnapshot().TakeLast(30))}");
    }
}
