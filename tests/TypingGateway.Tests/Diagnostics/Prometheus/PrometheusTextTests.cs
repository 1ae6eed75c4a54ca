using System.Diagnostics.Metrics;
using TypingGateway.Diagnostics.Prometheus;

namespace TypingGateway.Tests.Diagnostics.Prometheus;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("typinggateway.typing.frames", "{frame}", true, "typinggateway_typing_frames_total")]
    [InlineData("typinggateway.redis.duration", "s", false, "typinggateway_redis_duration_seconds")]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("kestrel.active-connections", null, false, "kestrel_active_connections")]
    [InlineData("requests_total", null, true, "requests_total")]
    [InlineData("9lives", "By", false, "_9lives_bytes")]
    public void MetricName_FollowsPrometheusConventions(string instrument, string? unit, bool counter, string expected)
    {
        Assert.Equal(expected, PrometheusText.MetricName(instrument, unit, counter));
    }

    [Fact]
    public void EscapeLabelValue_EscapesBackslashQuoteNewline()
    {
        Assert.Equal("a\\\\b\\\"c\\nd", PrometheusText.EscapeLabelValue("a\\b\"c\nd"));
    }

    [Fact]
    public void Counter_WithTags_RendersSumsPerTagSet()
    {
        using var meter = new Meter("test.counter");
        var counter = meter.CreateCounter<long>("demo.frames", "{frame}", "Frames seen.");
        var state = InstrumentState.Create(counter)!;

        state.Record(2, [new("profile", "genesys"), new("result", "forwarded")]);
        state.Record(3, [new("result", "forwarded"), new("profile", "genesys")]); // same set, other order
        state.Record(1, [new("profile", "cxone"), new("result", "suppressed")]);

        Assert.Equal(
            "# HELP demo_frames_total Frames seen.\n# TYPE demo_frames_total counter\n"
            + "demo_frames_total{profile=\"genesys\",result=\"forwarded\"} 5\n"
            + "demo_frames_total{profile=\"cxone\",result=\"suppressed\"} 1\n",
            Render(state));
    }

    [Fact]
    public void Histogram_RendersCumulativeBucketsSumAndCount()
    {
        using var meter = new Meter("test.histogram");
        var histogram = meter.CreateHistogram<double>("demo.latency", "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var state = InstrumentState.Create(histogram)!;

        state.Record(0.05, []);
        state.Record(0.5, []);
        state.Record(5, []);

        Assert.Equal(
            "# TYPE demo_latency_seconds histogram\n"
            + "demo_latency_seconds_bucket{le=\"0.1\"} 1\n"
            + "demo_latency_seconds_bucket{le=\"1\"} 2\n"
            + "demo_latency_seconds_bucket{le=\"+Inf\"} 3\n"
            + "demo_latency_seconds_sum 5.55\n"
            + "demo_latency_seconds_count 3\n",
            Render(state));
    }

    [Fact]
    public void UpDownCounter_RendersAsGauge()
    {
        using var meter = new Meter("test.updown");
        var state = InstrumentState.Create(meter.CreateUpDownCounter<int>("demo.active"))!;

        state.Record(3, []);
        state.Record(-1, []);

        Assert.Equal("# TYPE demo_active gauge\ndemo_active 2\n", Render(state));
    }

    [Fact]
    public void Record_FromManyThreadsAtOnce_NoUpdateLost()
    {
        // Recording takes no lock: 4 threads × 50,000 into the same series (and into new ones) must add up exactly.
        using var meter = new Meter("test.concurrent");
        var counter = InstrumentState.Create(meter.CreateCounter<long>("demo.requests"))!;
        var histogram = InstrumentState.Create(meter.CreateHistogram<double>("demo.duration", "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] }))!;
        const int PerThread = 50_000;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counter.Record(1, [new("route", "/echo"), new("status", 200)]);
                counter.Record(1, [new("route", "/echo"), new("status", 400 + (i % 3))]);
                histogram.Record(i % 2 == 0 ? 0.5 : 2, []);
            }
        });

        var text = Render(counter);
        Assert.Contains("demo_requests_total{route=\"/echo\",status=\"200\"} 200000\n", text, StringComparison.Ordinal);
        var other = text.Split('\n').Where(l => l.Contains("status=\"40", StringComparison.Ordinal)).Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal((3, 200_000L), (other.Count, other.Sum()));
        Assert.Equal(
            "# TYPE demo_duration_seconds histogram\n"
            + "demo_duration_seconds_bucket{le=\"1\"} 100000\n"
            + "demo_duration_seconds_bucket{le=\"+Inf\"} 200000\n"
            + "demo_duration_seconds_sum 250000\n"
            + "demo_duration_seconds_count 200000\n",
            Render(histogram));
    }

    private static string Render(InstrumentState state)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        state.Write(writer);
        return writer.ToString();
    }
}
