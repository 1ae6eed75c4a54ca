namespace TypingGateway.Bench.Hosting;

/// <summary>One thing the load is driven against: the simulator directly, the bare YARP baseline, or the gateway (one or more instances; clients are spread round-robin).</summary>
internal sealed record Target(string Name, IReadOnlyList<Uri> Addresses, IReadOnlyList<ChildProcess> Processes)
{
    public Uri Address(int client) => Addresses[client % Addresses.Count];

    public Uri WebSocketAddress(int client, string pathAndQuery)
    {
        var http = Address(client);
        return new Uri($"ws://{http.Authority}{pathAndQuery}");
    }

    public TimeSpan CpuTime() => Processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.CpuTime());
}
