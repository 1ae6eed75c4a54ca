namespace TypingGateway.Bench.Hosting;

/// <summary>Waits until a started server answers, failing with its log when it exits or stays silent.</summary>
internal static class ServerReady
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(200);

    public static async Task WaitForHttpAsync(ChildProcess process, HttpClient http, Uri probe, CancellationToken cancellationToken)
    {
        await WaitAsync(process, async () =>
        {
            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, probe.ToString(), cancellationToken);
    }

    public static async Task WaitAsync(ChildProcess process, Func<Task<bool>> isReady, string what, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await isReady())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before {what} answered. Its log ({process.LogPath}):\n{process.Tail()}");
            }

            if (waited.Elapsed > _timeout)
            {
                throw new TimeoutException($"{process.Name}: {what} did not answer within {_timeout.TotalSeconds} s. Its log ({process.LogPath}):\n{process.Tail()}");
            }

            await Task.Delay(_poll, cancellationToken);
        }
    }
}
