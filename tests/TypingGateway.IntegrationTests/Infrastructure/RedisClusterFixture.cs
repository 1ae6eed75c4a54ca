using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A local Redis Cluster of 3 primaries and 3 replicas: six <c>redis-server --cluster-enabled yes</c> processes from
/// PATH on 127.0.0.1, each in its own temporary directory, joined by <c>redis-cli --cluster create … --cluster-replicas 1</c>,
/// ready once every node says <c>cluster_state:ok</c> and every replica is in sync with its primary. Disposing kills
/// every node and deletes the directories. Without <c>redis-server</c> and <c>redis-cli</c> 7 or later on PATH the
/// cluster tests are skipped with the reason (a machine with only the .NET SDK runs the README's test command).
/// </summary>
public sealed class RedisClusterFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const int Primaries = 3;

    /// <summary>
    /// How long a primary may be silent before the others mark it failing (Redis' default is 15 s). Short, so a
    /// failover takes a few seconds; not so short that a loaded 2-core machine stalling a node fails it over.
    /// </summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromMilliseconds(1500);

    private const string Loopback = "127.0.0.1";
    private static readonly TimeSpan _commandTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ProcessRedisServer> _nodes = [];
    private string? _directory;
    private string? _skipReason;

    /// <summary>
    /// The StackExchange.Redis configuration string of the cluster: its primaries as created, several endpoints as
    /// a deployment would list them. Skips the calling test when no cluster could be had for want of the programs.
    /// </summary>
    public string Configuration
    {
        get
        {
            Skip.If(_skipReason is not null, _skipReason);
            return string.Join(',', _nodes.Take(Primaries).Select(n => $"{Loopback}:{n.Port}"));
        }
    }

    /// <summary>Every node's port, primaries as created first.</summary>
    public IReadOnlyList<int> Ports => [.. _nodes.Select(n => n.Port)];

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var server = RedisServerFixture.FindOnPath("redis-server");
        var cli = RedisServerFixture.FindOnPath("redis-cli");
        if (server is null || cli is null)
        {
            Announce(_skipReason = "redis-server and redis-cli are not both on PATH: the Redis Cluster tests need them (apt-get install redis-server)");
            return;
        }

        var version = await ProcessRedisServer.VersionAsync(server);
        if (!Version.TryParse(version, out var parsed) || parsed.Major < 7)
        {
            Announce(_skipReason = $"redis-server {version} on PATH: the Redis Cluster tests need 7.0 or later (sharded pub/sub)");
            return;
        }

        _directory = Directory.CreateTempSubdirectory("typinggateway-cluster-").FullName;
        try
        {
            var starts = Enumerable.Range(0, Primaries * 2).Select(i =>
            {
                var directory = Directory.CreateDirectory(Path.Combine(_directory, $"node-{i}")).FullName;
                return ProcessRedisServer.StartClusterNodeAsync(server, version, RedisServerFixture.FreeTcpPort, directory, NodeTimeout);
            }).ToList();
            foreach (var start in starts)
            {
                _nodes.Add(await start);
            }

            await CreateAsync(cli);
            await WaitUntilHealthyAsync(_readyTimeout);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Announce($"3 primaries + 3 replicas, redis-server {version}, node timeout {NodeTimeout.TotalMilliseconds} ms, ports {string.Join(' ', Ports)}, ready in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The slot of <paramref name="key"/>, as the cluster computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> KeySlotAsync(string key) =>
        int.Parse(await CommandAsync("CLUSTER", "KEYSLOT", key), CultureInfo.InvariantCulture);

    /// <summary>The cluster as a running node sees it (<c>CLUSTER NODES</c>).</summary>
    public async Task<IReadOnlyList<ClusterNode>> NodesAsync() => ClusterNode.Parse(await CommandAsync("CLUSTER", "NODES"));

    /// <summary>The primary that serves <paramref name="slot"/> now.</summary>
    public async Task<ClusterNode> PrimaryOfAsync(int slot) =>
        (await NodesAsync()).Single(n => n.IsPrimary && !n.IsFailing && n.Owns(slot));

    /// <summary>Kills the node on <paramref name="port"/> as a crash would (SIGKILL).</summary>
    public Task KillAsync(int port) => Node(port).StopAsync();

    /// <summary>Starts a killed node again; it rejoins with its old cluster state (as a replica, once failed over).</summary>
    public Task RestartAsync(int port) => Node(port).RestartAsync();

    /// <summary>
    /// Waits until every node runs and says <c>cluster_state:ok</c>, 3 primaries serve all 16384 slots and each
    /// has a replica in sync (so a primary can be failed over).
    /// </summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        string? problem = "not checked yet";
        try
        {
            await Wait.UntilAsync(async () => (problem = await HealthProblemAsync()) is null, timeout, "the Redis Cluster is healthy");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last seen: {problem}.", ex);
        }
    }

    /// <summary>What stops the cluster from being healthy now, or null.</summary>
    public async Task<string?> HealthProblemAsync()
    {
        try
        {
            foreach (var port in Ports)
            {
                if (!(await RedisPing.ReplyAsync(Loopback, port, _commandTimeout, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return $"node {port} does not say cluster_state:ok";
                }
            }

            var nodes = await NodesAsync();
            var primaries = nodes.Where(n => n.IsPrimary && !n.IsFailing && n.Slots.Count > 0).ToList();
            if (primaries.Count != Primaries || primaries.Sum(p => p.Slots.Sum(r => r.To - r.From + 1)) != 16384)
            {
                return $"{primaries.Count} primaries with slots";
            }

            foreach (var primary in primaries)
            {
                var replica = nodes.FirstOrDefault(n => n.PrimaryId == primary.Id && n.Connected && !n.IsFailing);
                if (replica is null)
                {
                    return $"primary {primary.Port} has no connected replica";
                }

                var replication = await RedisPing.ReplyAsync(Loopback, replica.Port, _commandTimeout, "INFO", "replication");
                if (!replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return $"replica {replica.Port} of {primary.Port} is not in sync";
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    /// <summary>One command to the first node that answers.</summary>
    private async Task<string> CommandAsync(params string[] arguments)
    {
        Exception? last = null;
        foreach (var port in Ports)
        {
            try
            {
                return await RedisPing.ReplyAsync(Loopback, port, _commandTimeout, arguments);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                last = ex; // a killed node
            }
        }

        throw new InvalidOperationException($"no node of the cluster answered {string.Join(' ', arguments)}", last);
    }

    private ProcessRedisServer Node(int port) => _nodes.Single(n => n.Port == port);

    private async Task CreateAsync(string cli)
    {
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var port in Ports)
        {
            start.ArgumentList.Add($"{Loopback}:{port}");
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redis-cli --cluster create did not end within 60 s: {output}");
        }

        process.WaitForExit(); // flushes the redirected streams
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create exited with {process.ExitCode}: {output}");
        }
    }

    private void Announce(string what) => diagnostics.OnMessage(new DiagnosticMessage($"[RedisClusterFixture] Redis Cluster for the tests: {what}"));
}
