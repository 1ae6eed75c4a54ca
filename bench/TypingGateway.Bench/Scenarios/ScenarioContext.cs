using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>What every scenario gets: the settings, the running servers, a control HTTP client and the report.</summary>
internal sealed record ScenarioContext(BenchSettings Settings, RepoPaths Paths, BenchTopology Topology, HttpClient Control, RunReport Report)
{
    /// <summary>The proxies compared in a scenario, baseline first; the three-instance gateway only when Redis is available.</summary>
    public IReadOnlyList<Target> Proxies => Topology.Gateway3 is { } x3 ? [Topology.Yarp, Topology.Gateway, x3] : [Topology.Yarp, Topology.Gateway];

    /// <summary>The HTTP and WebSocket pass-through targets in round order: direct, the baselines (bare YARP, nginx when installed), then the gateways.</summary>
    public IReadOnlyList<Target> PassThroughTargets =>
        [Topology.Direct, Topology.Yarp, .. Topology.Nginx is { } nginx ? [nginx] : Array.Empty<Target>(), .. Proxies.Skip(1)];

    public static void Progress(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
