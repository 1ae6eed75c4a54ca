using System.Diagnostics;
using System.Net;

namespace TypingGateway.Bench.Load;

/// <summary>
/// Closed-loop HTTP load: <c>concurrency</c> workers each send the next request as soon as the last
/// answer is read, for a fixed time. Requests/s and latency come from the same run.
/// </summary>
internal static class HttpLoad
{
    public static HttpClient CreateClient(int maxConnectionsPerServer) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnectionsPerServer,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Runs a warm-up, then a measured round; <paramref name="createRequest"/> gets the worker index and the request number.</summary>
    public static async Task<RoundResult> RunAsync(
        HttpClient client,
        Func<int, long, HttpRequestMessage> createRequest,
        Func<HttpStatusCode, bool> expected,
        int concurrency,
        TimeSpan warmup,
        TimeSpan measure,
        Func<TimeSpan>? cpuTime,
        CancellationToken cancellationToken)
    {
        await RunPhaseAsync(client, createRequest, expected, concurrency, warmup, record: false, cancellationToken);
        var cpuBefore = cpuTime?.Invoke() ?? TimeSpan.Zero;
        var (latency, unexpected) = await RunPhaseAsync(client, createRequest, expected, concurrency, measure, record: true, cancellationToken);
        return new RoundResult(latency, unexpected, (cpuTime?.Invoke() ?? TimeSpan.Zero) - cpuBefore);
    }

    private static async Task<(LatencySummary Latency, long Unexpected)> RunPhaseAsync(
        HttpClient client,
        Func<int, long, HttpRequestMessage> createRequest,
        Func<HttpStatusCode, bool> expected,
        int concurrency,
        TimeSpan duration,
        bool record,
        CancellationToken cancellationToken)
    {
        var samples = Enumerable.Range(0, concurrency).Select(_ => new LatencySample()).ToArray();
        var unexpected = new long[concurrency];
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long n = 0;
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var request = createRequest(worker, n++);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (!expected(response.StatusCode))
                    {
                        unexpected[worker]++;
                    }
                }
                catch (HttpRequestException)
                {
                    unexpected[worker]++;
                }

                if (record)
                {
                    samples[worker].Add(t0);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (LatencySummary.From(samples, elapsed), unexpected.Sum());
    }
}
