using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>What the connection knows of a Redis Cluster: whether the server is one, and when all of it serves.</summary>
internal sealed partial class RedisConnection
{
    private const int TopologyUnknown = 0;
    private const int TopologyStandalone = 1;
    private const int TopologyCluster = 2;

    private int _topology;

    /// <summary>
    /// True when the configured Redis is a Redis Cluster (sharded pub/sub, a probe per shard), false for one server;
    /// null until a server has answered: the multiplexer learns the server type when it connects.
    /// </summary>
    public bool? IsCluster
    {
        get
        {
            var known = Volatile.Read(ref _topology);
            if (known != TopologyUnknown)
            {
                return known == TopologyCluster;
            }

            if (_multiplexer is not { IsConnected: true } multiplexer || ConnectedPrimary(multiplexer) is not { } server)
            {
                return null;
            }

            var topology = server.ServerType == ServerType.Cluster ? TopologyCluster : TopologyStandalone;
            Volatile.Write(ref _topology, topology);
            return topology == TopologyCluster;
        }
    }

    private static IServer? ConnectedPrimary(ConnectionMultiplexer multiplexer)
    {
        foreach (var endpoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endpoint);
            if (server.IsConnected && !server.IsReplica)
            {
                return server;
            }
        }

        return null;
    }

    /// <summary>
    /// A cluster serves only when every slot range answers. <c>TIME</c> on any healthy node would end an outage while
    /// the range of a killed primary still fails every call for its keys (until its replica is promoted and the
    /// multiplexer routes there), and every guest of that range would wait one operation timeout again. So the probe
    /// reaches each slot range of the multiplexer's view of the cluster through a key of its first slot, routed as a
    /// script for a key of that range would be: it fails while that range's primary is gone or the cluster is down
    /// (<c>CLUSTERDOWN</c>), and succeeds once the range is served again (the cluster's <c>MOVED</c> teaches the
    /// multiplexer the promoted primary). The view is the multiplexer's cached one: asking <c>CLUSTER NODES</c> would
    /// need admin mode, which the gateway does not enable; a failover moves ranges whole, so the ranges hold.
    /// </summary>
    private async Task EveryShardServesAsync(ConnectionMultiplexer multiplexer, IServer node, CancellationToken cancellationToken)
    {
        var firstSlots = node.ClusterConfiguration?.Nodes
            .Where(n => !n.IsReplica)
            .SelectMany(n => n.Slots)
            .Select(range => range.From)
            .Distinct()
            .ToList();
        if (firstSlots is not { Count: > 0 })
        {
            throw new RedisUnavailableException("The Redis Cluster's slots are not known yet.");
        }

        var database = multiplexer.GetDatabase();
        await Task.WhenAll(firstSlots.Select(slot => database.KeyExistsAsync(ProbeRedisKeys.Shard(_options.KeyPrefix, slot), CommandFlags.DemandMaster)))
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
    }
}
