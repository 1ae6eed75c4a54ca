using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis-compatible server for the tests, the first of this chain that can be had:
/// <c>REDIS_URL</c> (an external server: used, never stopped or paused) → <c>redis-server</c> on
/// PATH → a <c>redis</c> container through Testcontainers when a Docker engine answers → Microsoft
/// Garnet (the .NET tool in .config/dotnet-tools.json). <c>TYPINGGATEWAY_TEST_REDIS</c>=external|
/// redis-server|testcontainers|garnet forces one link: the others are not tried, and the tests fail
/// if that one cannot start. The fixture names the server it picked in one xunit diagnostic message
/// (xunit.runner.json turns them on, so `dotnet test` prints it at its default verbosity).
/// </summary>
public sealed class RedisServerFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>Forces one link of the chain (one of <see cref="RedisServerKind"/>).</summary>
    public const string ForceVariable = "TYPINGGATEWAY_TEST_REDIS";

    /// <summary>An external server to use, <c>host:port</c> or <c>redis://host:port</c>.</summary>
    public const string UrlVariable = "REDIS_URL";

    private IRedisTestServer? _server;

    /// <summary>The server picked, one of <see cref="RedisServerKind"/>.</summary>
    public string Kind => Server.Kind;

    /// <summary>What runs, for logs: program, version, address, process id or container.</summary>
    public string Description => Server.Description;

    public string Host => Server.Host;

    public int Port => Server.Port;

    /// <summary>StackExchange.Redis configuration string of the server.</summary>
    public string Configuration => $"{Host}:{Port}";

    /// <summary>True when this fixture owns the server and can stop, restart or pause it (all but <c>REDIS_URL</c>).</summary>
    public bool CanControl => Server.CanControl;

    private IRedisTestServer Server => _server ?? throw new InvalidOperationException("The Redis fixture has not started a server.");

    public async Task InitializeAsync()
    {
        var forced = Environment.GetEnvironmentVariable(ForceVariable) is { Length: > 0 } value ? value.Trim() : null;
        if (forced is not null && !RedisServerKind.Chain.Contains(forced))
        {
            throw new InvalidOperationException($"{ForceVariable}={forced} is not one of {string.Join('|', RedisServerKind.Chain)}.");
        }

        var passedOver = new List<string>();
        foreach (var kind in forced is null ? RedisServerKind.Chain : [forced])
        {
            var watch = Stopwatch.StartNew();
            try
            {
                _server = await StartAsync(kind).ConfigureAwait(false);
                Announce(watch.Elapsed, forced, passedOver);
                return;
            }
            catch (Exception ex) when (forced is null)
            {
                passedOver.Add($"{kind}: {Summary(ex)}" + (watch.Elapsed.TotalSeconds >= 0.1 ? $" ({Seconds(watch.Elapsed)})" : string.Empty));
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"{ForceVariable}={forced}, but {kind} could not be started: {ex.Message}", ex);
            }
        }

        throw new InvalidOperationException(
            "These tests need a Redis-compatible server and none could be started. " + string.Join("; ", passedOver)
            + $". Install redis-server (apt-get install -y redis-server), start a Docker engine, or set {UrlVariable}=host:port.");
    }

    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes the server down as a crash would (SIGKILL; <c>docker stop</c> for a container).</summary>
    public Task StopAsync() => Server.StopAsync();

    /// <summary>Starts the server again on the same port, empty.</summary>
    public Task RestartAsync() => Server.RestartAsync();

    /// <summary>Freezes the server (SIGSTOP; <c>docker pause</c>): connections stay open but nothing answers.</summary>
    public Task PauseAsync() => Server.PauseAsync();

    /// <summary>Unfreezes a paused server (SIGCONT; <c>docker unpause</c>).</summary>
    public Task ResumeAsync() => Server.ResumeAsync();

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TypingGateway.sln")))
            {
                return dir.FullName;
            }
        }

        var recorded = typeof(RedisServerFixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, "TypingGateway.sln"))
            ? recorded
            : throw new InvalidOperationException("Cannot find the repository root (TypingGateway.sln) above " + AppContext.BaseDirectory);
    }

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<IRedisTestServer> StartAsync(string kind) => kind switch
    {
        RedisServerKind.External => await ExternalRedisServer.ConnectAsync(
            Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : throw new InvalidOperationException($"{UrlVariable} is not set")).ConfigureAwait(false),
        RedisServerKind.RedisServer => await ProcessRedisServer.StartRedisServerAsync(
            FindOnPath("redis-server") ?? throw new InvalidOperationException("redis-server is not on PATH"), FreeTcpPort).ConfigureAwait(false),
        RedisServerKind.Testcontainers => await ContainerRedisServer.StartAsync(FreeTcpPort()).ConfigureAwait(false),
        RedisServerKind.Garnet => await ProcessRedisServer.StartGarnetAsync(await GarnetTool.LocateAsync().ConfigureAwait(false), FreeTcpPort()).ConfigureAwait(false),
        _ => throw new InvalidOperationException($"unknown kind {kind}"),
    };

    /// <summary>One line that says which server the tests use, where a CI log shows it.</summary>
    private void Announce(TimeSpan took, string? forced, List<string> passedOver)
    {
        var why = forced is not null ? $"forced by {ForceVariable}={forced}"
            : passedOver.Count == 0 ? "first in the chain"
            : "after " + string.Join("; ", passedOver);
        var line = $"[RedisServerFixture] Redis for the tests: {Kind} (started in {Seconds(took)}, {why}) — {Description}";

        // xunit 2 fixtures have no test output to write to, and the VSTest console shows a test host's
        // stderr only at normal verbosity; a diagnostic message shows at the default one.
        diagnostics.OnMessage(new DiagnosticMessage(line));
    }

    /// <summary>One line per link that was passed over (Testcontainers explains a missing engine over several).</summary>
    private static string Summary(Exception ex)
    {
        var lines = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ex is DockerUnavailableException ? $"no Docker engine answers ({lines[^1]})" : lines.FirstOrDefault() ?? ex.GetType().Name;
    }

    internal static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
