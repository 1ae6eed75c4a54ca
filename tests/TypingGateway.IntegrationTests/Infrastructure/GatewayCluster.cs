namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>N gateway instances sharing one config directory and one Redis, as replicas behind a load balancer.</summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    private GatewayCluster(IReadOnlyList<GatewayHost> instances) => Instances = instances;

    public IReadOnlyList<GatewayHost> Instances { get; }

    public GatewayHost this[int index] => Instances[index];

    public static async Task<GatewayCluster> StartAsync(string configDirectory, int count, string? redisConfiguration, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (redisConfiguration is not null)
        {
            merged["Redis:Configuration"] = redisConfiguration;

            // The suite runs dozens of hosts on 2 cores: a thread-pool stall past the 250 ms production
            // default would send an instance to per-instance state for a second and blur exact counts.
            merged.TryAdd("Redis:OperationTimeout", "00:00:01");
        }

        var instances = new List<GatewayHost>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                instances.Add(await GatewayHost.StartAsync(configDirectory, merged));
            }
        }
        catch
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            throw;
        }

        return new GatewayCluster(instances);
    }

    /// <summary>Sum of a metric over all instances' <c>/metrics</c>, for series whose labels contain every given pair.</summary>
    public async Task<double> SumMetricAsync(string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var instance in Instances)
        {
            using var client = instance.CreateClient();
            total += PrometheusScrape.Sum(await client.GetStringAsync("/metrics"), name, labels);
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }
    }
}
