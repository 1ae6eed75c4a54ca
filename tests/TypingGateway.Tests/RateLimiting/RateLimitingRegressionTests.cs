using System.Net;
using Microsoft.AspNetCore.Http;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// Regression tests for bugs the rate-limiting unit tests found, one test each; every one failed
/// before its fix (an empty first header/query value crashing partitioning, untrimmed partition names).
/// </summary>
[Trait("Area", "RateLimiting")]
public sealed class RateLimitingRegressionTests
{
    /// <summary>
    /// <c>RateLimitPolicy.PartitionOf</c> returns <c>values[0]</c> whenever the header or query has more than one
    /// value, even when that first value is empty (<c>?sessionId=&amp;sessionId=s-1</c>): <c>StringValues.IsNullOrEmpty</c>
    /// is false for two values. <c>TypingKey.Create</c> then throws <see cref="ArgumentException"/> for the empty id
    /// part, so any client can make the HTTP rate limiter's partitioner throw (a 500, an error log per request).
    /// </summary>
    [Fact]
    public void HttpRateLimitPartitions_Get_FirstQueryValueEmpty_PartitionedByTheNonEmptyValue()
    {
        using var config = new RateLimitConfig(new() { ["by-query:PermitsPerSecond"] = "1", ["by-query:Partition"] = "query:sessionId" });
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        using var store = new InMemoryGcraStore(time);
        using var metrics = new MetricsCapture();
        var partitions = new HttpRateLimitPartitions(config.Catalog, store, time, metrics.Metrics, new TypingGateway.Proxy.RouteModes());
        var context = new DefaultHttpContext { Request = { QueryString = new QueryString("?sessionId=&sessionId=s-1") } };
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        var partition = partitions.Get("by-query", context);

        Assert.Equal("by-query|s-1", partition.PartitionKey);
    }

    /// <summary>
    /// The same <c>PartitionOf</c> bug on a WebSocket: a guest that opens the socket with two <c>X-Session</c>
    /// headers, the first empty, makes every <c>FrameGuard.CheckAsync</c> of a header-partitioned policy throw,
    /// which ends the connection on its first message instead of limiting it.
    /// </summary>
    [Fact]
    public async Task FrameGuard_CheckAsync_UpgradeHeaderFirstValueEmpty_LimitedByTheNonEmptyValue()
    {
        using var harness = new FrameGuardHarness(Policy("session", 1, 1, ("Partition", "header:X-Session")));
        var upgrade = new DefaultHttpContext();
        upgrade.Request.Headers["X-Session"] = new(["", "s-1"]);
        var guard = harness.Guard(Settings(messages: "session"), upgrade: upgrade);

        var first = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);
        var second = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);

        Assert.Null(first);
        Assert.Equal(FrameVerdict.Drop, second);
    }

    /// <summary>
    /// <c>RateLimitPolicyFactory.ParsePartition</c> trims the whole value but not the name after the colon:
    /// <c>"header: X-Guest-Id"</c> is accepted with the name <c>" X-Guest-Id"</c>, which no request header ever
    /// matches, so every request silently falls back to its client IP (one budget for a whole NAT).
    /// </summary>
    [Fact]
    public void RateLimitPolicyFactory_Build_SpaceAfterPartitionColon_NameTrimmed()
    {
        var (settings, errors) = RateLimitPolicyFactory.Build(RateLimitConfig.Of(RateLimitConfig.Section(new()
        {
            ["p:PermitsPerSecond"] = "1",
            ["p:Partition"] = "header: X-Guest-Id",
        })));

        Assert.Empty(errors);
        Assert.Equal("X-Guest-Id", settings.Policies["p"].PartitionName);
    }
}
