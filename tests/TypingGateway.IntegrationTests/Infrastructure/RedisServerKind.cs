namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>The servers <see cref="RedisServerFixture"/> can use, in the order it tries them.</summary>
public static class RedisServerKind
{
    /// <summary>A running server named by <c>REDIS_URL</c>; the fixture cannot stop, restart or pause it.</summary>
    public const string External = "external";

    /// <summary><c>redis-server</c> from PATH, started as a child process.</summary>
    public const string RedisServer = "redis-server";

    /// <summary>A <c>redis</c> container (Testcontainers.Redis) when a Docker engine answers.</summary>
    public const string Testcontainers = "testcontainers";

    /// <summary>Microsoft Garnet, the .NET local tool in .config/dotnet-tools.json, started as the server process itself.</summary>
    public const string Garnet = "garnet";

    /// <summary>The links of the chain, in order.</summary>
    public static IReadOnlyList<string> Chain { get; } = [External, RedisServer, Testcontainers, Garnet];
}
