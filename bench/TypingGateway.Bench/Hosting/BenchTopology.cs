using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace TypingGateway.Bench.Hosting;

/// <summary>
/// The processes of one run, all on 127.0.0.1: the simulator, the bare YARP baseline, nginx (when
/// installed; HTTP and WebSocket pass-through only), one gateway
/// in single-instance (in-memory) mode and, when redis-server is on PATH, three gateways sharing one
/// Redis. Each is its own process so CPU time and memory are per server, as in production.
/// </summary>
internal sealed class BenchTopology : IAsyncDisposable
{
    private const string SimulatorClientSecret = "sim-example-secret"; // the simulator's demo client (OAuthDefaults), not a real credential
    private static readonly string[] _clusters = ["genesys", "cxone", "genesysRest", "echo"];

    private readonly List<ChildProcess> _processes = [];
    private RepoPaths _paths = null!;
    private Uri _simulator = null!;
    private string _baselineConfig = null!;
    private string _ticketKey = null!;

    private BenchTopology(string workDirectory) => WorkDirectory = workDirectory;

    public string WorkDirectory { get; }

    public Target Direct { get; private set; } = null!;

    public Target Yarp { get; private set; } = null!;

    public Target Gateway { get; private set; } = null!;

    /// <summary>Three gateway instances sharing Redis, or null when no redis-server is available.</summary>
    public Target? Gateway3 { get; private set; }

    public string? Gateway3Skipped { get; private set; }

    /// <summary>nginx on the HTTP and WebSocket pass-through routes, or null when no nginx is installed.</summary>
    public Target? Nginx { get; private set; }

    public string? NginxSkipped { get; private set; }

    public SimulatorControl Simulator { get; private set; } = null!;

    public static async Task<BenchTopology> StartAsync(RepoPaths paths, HttpClient http, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("typinggateway-bench-").FullName;
        var topology = new BenchTopology(work);
        try
        {
            await topology.StartAllAsync(paths, http, cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Uri Http(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>
    /// A fresh bare YARP and a fresh single gateway, configured as <see cref="Yarp"/> and <see cref="Gateway"/>, for a
    /// measurement that needs processes nothing ran in before (memory per connection: a process keeps the memory of
    /// earlier connections, so a second run on the same servers measures little growth). The caller disposes them.
    /// </summary>
    public async Task<(Target Gateway, Target Yarp, IAsyncDisposable Processes)> StartFreshPairAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var fresh = new FreshProcesses();
        try
        {
            var yarpUri = Http(FreePort());
            var yarp = fresh.Add(ChildProcess.Start("yarp-fresh", "dotnet", [RepoPaths.SelfDll, BaselineProxy.Command, "--proxy-config", _baselineConfig, "--urls", yarpUri.ToString().TrimEnd('/')], new Dictionary<string, string>(), WorkDirectory));
            await ServerReady.WaitForHttpAsync(yarp, http, new Uri(yarpUri, "echo/ready"), cancellationToken);
            var gatewayUri = Http(FreePort());
            var gateway = fresh.Add(ChildProcess.Start("gateway-fresh", "dotnet", [_paths.GatewayDll, "--urls", gatewayUri.ToString().TrimEnd('/'), "--hostBuilder:reloadConfigOnChange=false"], GatewayEnvironment(_paths, _simulator, _ticketKey, redis: null, instances: 1), WorkDirectory));
            await ServerReady.WaitForHttpAsync(gateway, http, new Uri(gatewayUri, "health/ready"), cancellationToken);
            return (new Target(Gateway.Name, [gatewayUri], [gateway]), new Target(Yarp.Name, [yarpUri], [yarp]), fresh);
        }
        catch
        {
            await fresh.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(RepoPaths paths, HttpClient http, CancellationToken cancellationToken)
    {
        _paths = paths;
        var simulatorUri = Http(FreePort());
        _simulator = simulatorUri;
        var simulator = Start("simulator", "dotnet", [paths.SimulatorDll, $"--Kestrel:Endpoints:Http:Url={simulatorUri.ToString().TrimEnd('/')}"], new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            // Agent replies would add server frames the scenarios do not measure.
            ["Simulator__Genesys__EnableAgentReplies"] = "false",
            // The echo endpoints answer without recording: the upstream should cost as little as possible,
            // so the proxies' overhead is what the ratios show. Platform endpoints still record (typing counts).
            ["Simulator__Recorder__RecordEcho"] = "false",
            // Bare YARP forwards every typing frame of the storm (250,000 in full mode): keep them all countable.
            ["Simulator__Recorder__MaxItems"] = "400000",
        });
        Simulator = new SimulatorControl(http, simulatorUri);
        await ServerReady.WaitForHttpAsync(simulator, http, new Uri(simulatorUri, "_sim/counts"), cancellationToken);
        Direct = new Target("direct", [simulatorUri], [simulator]);

        var baselineConfig = _baselineConfig = Path.Combine(WorkDirectory, "baseline-proxy.json");
        await File.WriteAllTextAsync(baselineConfig, BaselineConfig(paths, simulatorUri), cancellationToken);
        var yarpUri = Http(FreePort());
        var yarp = Start("yarp", "dotnet", [RepoPaths.SelfDll, BaselineProxy.Command, "--proxy-config", baselineConfig, "--urls", yarpUri.ToString().TrimEnd('/')], new Dictionary<string, string>());
        await ServerReady.WaitForHttpAsync(yarp, http, new Uri(yarpUri, "echo/ready"), cancellationToken);
        Yarp = new Target("yarp", [yarpUri], [yarp]);

        await StartNginxAsync(simulatorUri, http, cancellationToken);

        var ticketKey = _ticketKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Gateway = await StartGatewaysAsync("gateway", 1, paths, simulatorUri, ticketKey, redis: null, http, cancellationToken);

        if (RedisServer.FindExecutable() is { } redisServer)
        {
            var redisPort = FreePort();
            var redis = Start("redis", redisServer, ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], new Dictionary<string, string>());
            await RedisServer.WaitForPingAsync(redis, redisPort, cancellationToken);
            Gateway3 = await StartGatewaysAsync("gateway-x3", 3, paths, simulatorUri, ticketKey, $"127.0.0.1:{redisPort.ToString(CultureInfo.InvariantCulture)}", http, cancellationToken);
        }
        else
        {
            Gateway3Skipped = "redis-server is not on PATH (apt-get install redis-server)";
        }
    }

    private async Task StartNginxAsync(Uri simulator, HttpClient http, CancellationToken cancellationToken)
    {
        if (NginxProxy.FindExecutable() is not { } executable)
        {
            NginxSkipped = "nginx is not installed (apt-get install nginx-light)";
            return;
        }

        var prefix = Directory.CreateDirectory(Path.Combine(WorkDirectory, "nginx")).FullName;
        var configFile = Path.Combine(prefix, "nginx.conf");
        var port = FreePort();
        var config = NginxProxy.Config(prefix, port, simulator, NginxProxy.ReadModulesWithTempPaths(executable), Environment.IsPrivilegedProcess ? "root" : null);
        await File.WriteAllTextAsync(configFile, config, cancellationToken);
        var nginx = Start("nginx", executable, NginxProxy.Arguments(prefix, configFile), new Dictionary<string, string>());
        var uri = Http(port);
        try
        {
            await ServerReady.WaitForHttpAsync(nginx, http, new Uri(uri, "echo/ready"), cancellationToken);
            Nginx = new Target("nginx", [uri], [nginx]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // An anchor, not the subject: the run goes on without it and the report says why.
            NginxSkipped = $"nginx did not start ({ex.Message.Split('\n')[0]}; see {prefix}/error.log)";
        }
    }

    private async Task<Target> StartGatewaysAsync(string name, int instances, RepoPaths paths, Uri simulator, string ticketKey, string? redis, HttpClient http, CancellationToken cancellationToken)
    {
        var environment = GatewayEnvironment(paths, simulator, ticketKey, redis, instances);
        var addresses = new List<Uri>();
        var processes = new List<ChildProcess>();
        for (var i = 0; i < instances; i++)
        {
            var uri = Http(FreePort());
            var label = instances == 1 ? name : $"{name}-{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            var process = Start(label, "dotnet", [paths.GatewayDll, "--urls", uri.ToString().TrimEnd('/'), "--hostBuilder:reloadConfigOnChange=false"], environment);
            addresses.Add(uri);
            processes.Add(process);
        }

        for (var i = 0; i < instances; i++)
        {
            await ServerReady.WaitForHttpAsync(processes[i], http, new Uri(addresses[i], "health/ready"), cancellationToken);
        }

        return new Target(name, addresses, processes);
    }

    private static Dictionary<string, string> GatewayEnvironment(RepoPaths paths, Uri simulator, string ticketKey, string? redis, int instances)
    {
        var environment = new Dictionary<string, string>
        {
            ["TYPINGGATEWAY_CONFIG_DIR"] = paths.ConfigDirectory,
            ["TYPINGGATEWAY__Serilog__MinimumLevel__Default"] = "Warning",
            ["TYPINGGATEWAY__Upstreams__genesys__TokenUrl"] = new Uri(simulator, "oauth/token").ToString(),
            ["TYPINGGATEWAY_GENESYS_CLIENT_SECRET"] = SimulatorClientSecret,
            ["TYPINGGATEWAY_TICKET_KEY_DEV"] = ticketKey,
            ["TYPINGGATEWAY__Redis__Configuration"] = redis ?? "",
            ["TYPINGGATEWAY__RateLimits__InstanceCount"] = instances.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var cluster in _clusters)
        {
            environment[$"TYPINGGATEWAY__ReverseProxy__Clusters__{cluster}__Destinations__sim__Address"] = simulator.ToString();
        }

        return environment;
    }

    private ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var process = ChildProcess.Start(name, fileName, arguments, environment, WorkDirectory);
        _processes.Add(process);
        return process;
    }

    /// <summary>Processes started for one measurement, stopped together.</summary>
    private sealed class FreshProcesses : IAsyncDisposable
    {
        private readonly List<ChildProcess> _processes = [];

        public ChildProcess Add(ChildProcess process)
        {
            _processes.Add(process);
            return process;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in Enumerable.Reverse(_processes))
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>The gateway's own proxy.json, with the keys only the gateway understands removed and every cluster pointed at the simulator.</summary>
    private static string BaselineConfig(RepoPaths paths, Uri simulator)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(paths.ConfigDirectory, "proxy.json")))!.AsObject();
        var proxy = root["ReverseProxy"]!.AsObject();
        foreach (var (_, route) in proxy["Routes"]!.AsObject())
        {
            route!.AsObject().Remove("Metadata");
            route.AsObject().Remove("RateLimiterPolicy");
        }

        foreach (var (_, cluster) in proxy["Clusters"]!.AsObject())
        {
            foreach (var (_, destination) in cluster!["Destinations"]!.AsObject())
            {
                destination!["Address"] = simulator.ToString();
            }
        }

        return root.ToJsonString();
    }
}
