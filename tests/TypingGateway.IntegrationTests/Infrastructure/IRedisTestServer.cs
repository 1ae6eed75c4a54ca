namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One Redis-compatible server the tests run against, and the faults it can be put through.</summary>
internal interface IRedisTestServer : IAsyncDisposable
{
    /// <summary>One of <see cref="RedisServerKind"/>.</summary>
    string Kind { get; }

    /// <summary>What runs, for the log: program, version, process id or container.</summary>
    string Description { get; }

    string Host { get; }

    int Port { get; }

    /// <summary>False when the server is not ours to stop, restart or pause.</summary>
    bool CanControl { get; }

    /// <summary>Takes the server down abruptly; its port refuses connections until <see cref="RestartAsync"/>.</summary>
    Task StopAsync();

    /// <summary>Brings a stopped server back on the same host and port, empty.</summary>
    Task RestartAsync();

    /// <summary>Freezes the server: connections stay open, nothing answers.</summary>
    Task PauseAsync();

    /// <summary>Unfreezes a paused server.</summary>
    Task ResumeAsync();
}
