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

    // As the gateway's exporter writes a histogram (Series.WriteHistogram): labels, then le; cumulative counts.
    private const string RedisDuration = """
        # TYPE typinggateway_redis_duration_seconds histogram
        typinggateway_redis_duration_seconds_bucket{operation="typing.start",le="0.0001"} 0
        typinggateway_redis_duration_seconds_bucket{operation="typing.start",le="0.00025"} 3
        typinggateway_redis_duration_seconds_bucket{operation="typing.start",le="0.0005"} 8
        typinggateway_redis_duration_seconds_bucket{operation="typing.start",le="+Inf"} 10
        typinggateway_redis_duration_seconds_sum{operation="typing.start"} 0.004
        typinggateway_redis_duration_seconds_count{operation="typing.start"} 10
        typinggateway_redis_duration_seconds_bucket{operation="ratelimit.acquire",le="0.0001"} 1
        typinggateway_redis_duration_seconds_bucket{operation="ratelimit.acquire",le="0.00025"} 1
        typinggateway_redis_duration_seconds_bucket{operation="ratelimit.acquire",le="0.0005"} 2
        typinggateway_redis_duration_seconds_bucket{operation="ratelimit.acquire",le="+Inf"} 2
        typinggateway_redis_duration_seconds_sum{operation="ratelimit.acquire"} 0.0004
        typinggateway_redis_duration_seconds_count{operation="ratelimit.acquire"} 2
        typinggateway_redis_duration_seconds_extra_bucket{operation="typing.start",le="+Inf"} 1000
        http_server_request_duration_seconds_bucket{http_route="/echo/{**catch-all}",url_scheme="http",le="0.005"} 3
        http_server_request_duration_seconds_bucket{http_route="/echo/{**catch-all}",url_scheme="http",le="+Inf"} 4
        """;

    [Fact]
    public void Histograms_ByLabel_CumulativeBucketsOfEachSeries()
    {
        var histograms = new MetricsScrape(RedisDuration).Histograms("typinggateway_redis_duration_seconds", "operation");

        Assert.Equal(["ratelimit.acquire", "typing.start"], histograms.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(10, histograms["typing.start"].Count);
        Assert.Equal(2, histograms["ratelimit.acquire"].Count);
        Assert.Equal(0.00025 + (0.00025 * 2 / 5), histograms["typing.start"].Quantile(0.5), 12); // rank 5: 2 of the 5 in (0.25, 0.5] ms
    }

    [Fact]
    public void Histograms_TwoInstances_BucketsAdded()
    {
        var histograms = new MetricsScrape(RedisDuration + "\n" + RedisDuration).Histograms("typinggateway_redis_duration_seconds", "operation");

        Assert.Equal(20, histograms["typing.start"].Count);
        Assert.Equal(4, histograms["ratelimit.acquire"].Count);
        Assert.Equal(0.00025 + (0.00025 * 4 / 10), histograms["typing.start"].Quantile(0.5), 12);
    }

    [Fact]
    public void Histograms_BracesInLabelValue_LabelSetEndsAtItsOwnBrace()
    {
        var scrape = new MetricsScrape(RedisDuration);

        var route = scrape.Histograms("http_server_request_duration_seconds", "http_route")["/echo/{**catch-all}"];

        Assert.Equal(4, route.Count);
        Assert.Equal(3, scrape.Sum("http_server_request_duration_seconds_bucket", l => l.EndsWith("le=\"0.005\"}", StringComparison.Ordinal)));
    }

    [Fact]
    public void Histograms_UnknownMetric_Empty()
    {
        Assert.Empty(new MetricsScrape(Exposition).Histograms("typinggateway_redis_duration_seconds", "operation"));
    }

    [Theory]
    [InlineData("{operation=\"typing.start\",le=\"0.001\"}", "operation", "typing.start")]
    [InlineData("{operation=\"typing.start\",le=\"0.001\"}", "le", "0.001")]
    [InlineData("{route_operation=\"x\",operation=\"y\"}", "operation", "y")]
    [InlineData("{operation=\"a\\\"b,le=\\\"c\"}", "operation", "a\"b,le=\"c")]
    [InlineData("{operation=\"a\\\\\",le=\"0.5\"}", "operation", "a\\")]
    [InlineData("{operation=\"a\\\\\",le=\"0.5\"}", "le", "0.5")]
    [InlineData("{operation=\"typing.start\"}", "le", null)]
    [InlineData("", "le", null)]
    public void LabelValue_LabelSet_ValueUnescapedOrNull(string labelSet, string label, string? expected)
    {
        Assert.Equal(expected, MetricsScrape.LabelValue(labelSet, label));
    }
}
