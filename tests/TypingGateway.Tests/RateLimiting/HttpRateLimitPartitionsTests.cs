using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using TypingGateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class HttpRateLimitPartitionsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _store;
    private readonly RateLimitConfig _config = new(new()
    {
        ["by-route:PermitsPerSecond"] = "1",
        ["by-route:Partition"] = "route:guestId",
        ["by-header:PermitsPerSecond"] = "1",
        ["by-header:Partition"] = "header:X-Guest-Id",
        ["by-query:PermitsPerSecond"] = "1",
        ["by-query:Partition"] = "query:sessionId",
        ["by-ip:PermitsPerSecond"] = "1",
        ["by-ip:Partition"] = "ip",
    });

    private readonly MetricsCapture _metrics = new();
    private readonly HttpRateLimitPartitions _partitions;

    public HttpRateLimitPartitionsTests()
    {
        _store = new InMemoryGcraStore(_time);
        _partitions = new HttpRateLimitPartitions(_config.Catalog, _store, _time, _metrics.Metrics, new TypingGateway.Proxy.RouteModes());
    }

    public void Dispose()
    {
        _store.Dispose();
        _config.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Get_RouteValue_PartitionedByIt()
    {
        var context = Request();
        context.Request.RouteValues["guestId"] = "guest-7";

        Assert.Equal("by-route|guest-7", _partitions.Get("by-route", context).PartitionKey);
    }

    [Fact]
    public void Get_Header_PartitionedByFirstValue()
    {
        var context = Request();
        context.Request.Headers["X-Guest-Id"] = new(["g-1", "g-2"]);

        Assert.Equal("by-header|g-1", _partitions.Get("by-header", context).PartitionKey);
    }

    [Fact]
    public void Get_Query_PartitionedByIt()
    {
        var context = Request("?sessionId=s-9");

        Assert.Equal("by-query|s-9", _partitions.Get("by-query", context).PartitionKey);
    }

    [Fact]
    public void Get_ClientIp_PartitionedByAddress()
    {
        Assert.Equal("by-ip|10.1.2.3", _partitions.Get("by-ip", Request()).PartitionKey);
    }

    [Fact]
    public void Get_ValueNotKeySafe_Hashed()
    {
        var context = Request();
        context.Request.Headers["X-Guest-Id"] = "{guest 1}";

        Assert.Equal("by-header|" + TypingKey.Create("by-header", "{guest 1}").Id, _partitions.Get("by-header", context).PartitionKey);
        Assert.StartsWith("by-header|sha256:", _partitions.Get("by-header", context).PartitionKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("by-route", "")]
    [InlineData("by-header", "")]
    [InlineData("by-query", "")]
    [InlineData("by-query", "?sessionId=")]
    [InlineData("by-query", "?other=1")]
    public void Get_ValueMissing_PartitionedByClientIp(string policy, string query)
    {
        Assert.Equal($"{policy}|ip:10.1.2.3", _partitions.Get(policy, Request(query)).PartitionKey);
    }

    [Fact]
    public void Get_ValueAndClientIpMissing_UnknownClient()
    {
        var context = Request();
        context.Connection.RemoteIpAddress = null;

        Assert.Equal("by-header|ip:unknown", _partitions.Get("by-header", context).PartitionKey);
        Assert.Equal("by-ip|ip:unknown", _partitions.Get("by-ip", context).PartitionKey);
    }

    [Fact]
    public async Task Get_UnknownPolicy_NoLimiter()
    {
        var partition = _partitions.Get("missing", Request());
        using var limiter = partition.Factory(partition.PartitionKey);

        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 5; i++)
        {
            leases.Add(await limiter.AcquireAsync());
        }

        Assert.Equal(string.Empty, partition.PartitionKey);
        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Get_Factory_GcraLimiterOfThePartition()
    {
        var guest1 = Request("?sessionId=s-1");
        var guest2 = Request("?sessionId=s-2");

        var first = await AcquireAsync("by-query", guest1);
        var second = await AcquireAsync("by-query", guest1);
        var otherGuest = await AcquireAsync("by-query", guest2);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(1), second.RetryAfter);
        Assert.Equal("by-query", second.Policy?.Name);
        Assert.True(otherGuest.IsAcquired);
    }

    [Fact]
    public async Task Get_NoValueSameClientIp_OneSharedBudget()
    {
        var first = await AcquireAsync("by-header", Request());
        var second = await AcquireAsync("by-header", Request());

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
    }

    private static DefaultHttpContext Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    private async Task<GcraLease> AcquireAsync(string policy, HttpContext context)
    {
        var partition = _partitions.Get(policy, context);
        using var limiter = partition.Factory(partition.PartitionKey);
        return (GcraLease)await limiter.AcquireAsync();
    }
}
