using DotNet.Testcontainers.Builders;
using Testcontainers.Redis;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A <c>redis</c> container (Testcontainers.Redis). Its host port is fixed when it is created, so a
/// stop and start keeps the address every client was given. Stop is <c>docker stop</c>, pause is
/// <c>docker pause</c> (the cgroup freezer: connections stay open, nothing answers, as with SIGSTOP).
/// </summary>
internal sealed class ContainerRedisServer : IRedisTestServer
{
    // The same major as Debian's redis-server that CI installs.
    private const string Image = "redis:7.0";

    private readonly RedisContainer _container;
    private bool _running;

    private ContainerRedisServer(RedisContainer container, int port) => (_container, Port) = (container, port);

    public string Kind => RedisServerKind.Testcontainers;

    public string Description => $"{Kind} {Image} on {Host}:{Port}, container {_container.Name} ({_container.Id[..Math.Min(12, _container.Id.Length)]})";

    public string Host => _container.Hostname;

    public int Port { get; }

    public bool CanControl => true;

    /// <summary>Starts the container; with no Docker engine this throws <see cref="DockerUnavailableException"/> within about a second.</summary>
    public static async Task<ContainerRedisServer> StartAsync(int port)
    {
        var container = new RedisBuilder(Image)
            .WithPortBinding(port, RedisBuilder.RedisPort)
            .WithCommand("--save", "", "--appendonly", "no")
            .Build();
        var server = new ContainerRedisServer(container, port);
        try
        {
            await server.RestartAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (_running)
        {
            _running = false;
            await _container.StopAsync().ConfigureAwait(false);
        }
    }

    public async Task RestartAsync()
    {
        if (!_running)
        {
            await _container.StartAsync().ConfigureAwait(false);
            _running = true;
        }
    }

    public Task PauseAsync() => _container.PauseAsync();

    public Task ResumeAsync() => _container.UnpauseAsync();

    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
