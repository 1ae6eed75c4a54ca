namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>A running server named by <c>REDIS_URL</c> (<c>host:port</c> or <c>redis://host:port</c>): used, never controlled.</summary>
internal sealed class ExternalRedisServer : IRedisTestServer
{
    private ExternalRedisServer(string url, string host, int port) => (Url, Host, Port) = (url, host, port);

    public string Kind => RedisServerKind.External;

    public string Description => $"{Kind} server on {Host}:{Port} (REDIS_URL={Url})";

    public string Url { get; }

    public string Host { get; }

    public int Port { get; }

    public bool CanControl => false;

    public static async Task<ExternalRedisServer> ConnectAsync(string url)
    {
        var uri = url.Contains("://", StringComparison.Ordinal) ? new Uri(url) : new Uri("redis://" + url);
        var server = new ExternalRedisServer(url, uri.Host, uri.Port > 0 ? uri.Port : 6379);
        await RedisPing.WaitAsync(server.Host, server.Port, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return server;
    }

    public Task StopAsync() => throw NotControllable();

    public Task RestartAsync() => throw NotControllable();

    public Task PauseAsync() => throw NotControllable();

    public Task ResumeAsync() => throw NotControllable();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InvalidOperationException NotControllable() =>
        new($"REDIS_URL={Url} points at an external server that this test cannot stop, restart or pause. Unset REDIS_URL to let the fixture start its own server.");
}
