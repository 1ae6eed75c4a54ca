using TypingGateway.Bench.Hosting;

namespace TypingGateway.Bench.Tests;

public sealed class MetricsScrapeTests
{
    private const string Exposition = """
        # HELP typinggateway_redis_round_trips_total Calls the gateway made to Redis, by operation.
        # TYPE typinggateway_redis_round_trips_total counter
        typinggateway_redis_round_trips_total{operation="typing.start"} 12
        typinggateway_redis_round_trips_total{operation="typing.message"} 3
        typinggateway_redis_round_trips_total{operation="ratelimit.acquire"} 5
        typinggateway_redis_round_trips_total_extra{operation="typing.start"} 1000
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1.5e3
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 500
        kestrel_active_connections 7
        """;

    [Fact]
    public void Sum_LabelFilter_OnlyMatchingSeries()
    {
        var scrape = new MetricsScrape(Exposition);

        Assert.Equal(15, scrape.Sum("typinggateway_redis_round_trips_total", l => l.Contains("operation=\"typing.", StringComparison.Ordinal)));
        Assert.Equal(20, scrape.Sum("typinggateway_redis_round_trips_total"));
    }

    [Fact]
    public void Sum_AllGenerationsAndScientificNotation_Added()
    {
        Assert.Equal(2000, new MetricsScrape(Exposition).Sum("dotnet_gc_last_collection_heap_size_bytes"));
    }

    [Fact]
    public void Sum_WithoutLabels_Read()
    {
        Assert.Equal(7, new MetricsScrape(Exposition).Sum("kestrel_active_connections"));
    }

    [Fact]
    public void Sum_UnknownMetric_Zero()
    {
        Assert.Equal(0, new MetricsScrape(Exposition).Sum("typinggateway_redis_round_trips"));
    }
}
