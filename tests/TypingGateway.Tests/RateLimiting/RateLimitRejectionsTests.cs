using TypingGateway.Protocols.Genesys;
using TypingGateway.Protocols.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class RateLimitRejectionsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(999_999, 1)]
    [InlineData(1_000_000, 1)]
    [InlineData(1_000_001, 2)]
    [InlineData(2_500_000, 3)]
    [InlineData(10_000_000, 10)]
    public void Seconds_RetryAfter_WholeSecondsRoundedUpAtLeastOne(long microseconds, int seconds)
    {
        Assert.Equal(seconds, RateLimitRejections.Seconds(TimeSpan.FromMicroseconds(microseconds)));
    }

    [Fact]
    public void Frame_GenesysTemplate_ExactTooManyRequestsFrame()
    {
        var frame = RateLimitRejections.Frame(GenesysWebMessagingPlatform.RejectionFrame, TimeSpan.FromMilliseconds(2100));

        Assert.Equal(
            """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":3,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""",
            Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Frame_GenericTemplate_SmallJsonError()
    {
        Assert.Equal("""{"error":"rate_limited","retryAfter":1}""", Encoding.UTF8.GetString(RateLimitRejections.Frame(new JsonPlatform().RateLimitRejectionFrame, TimeSpan.Zero)));
    }

    [Fact]
    public void Frame_CustomTemplate_EveryPlaceholderReplacedRestKept()
    {
        var frame = RateLimitRejections.Frame("""{"wait":{retryAfter},"again":"{retryAfter}","é":"{RetryAfter}"}""", TimeSpan.FromSeconds(4));

        Assert.Equal("""{"wait":4,"again":"4","é":"{RetryAfter}"}""", Encoding.UTF8.GetString(frame));
    }

    [Theory]
    [InlineData(20, 40, 2)]
    [InlineData(1.8, 1, 1)]
    [InlineData(0.5, 3, 6)]
    [InlineData(3, 10, 4)]
    public async Task WriteHttpAsync_GcraLease_ExactHeadersAndProblemBody(double rate, int burst, int window)
    {
        var policy = new RateLimitPolicy("webchat-requests", new GcraLimits(rate, burst, TimeSpan.Zero), RateLimitPartitionKind.RouteValue, "guestId", RateLimitMode.Reject, 3, null);
        var context = Context();

        await RateLimitRejections.WriteHttpAsync(Rejected(context, new GcraLease(false, policy, TimeSpan.FromMilliseconds(1500))), CancellationToken.None);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal($"\"webchat-requests\";q={burst};w={window}", context.Response.Headers["RateLimit-Policy"].ToString());
        Assert.Equal("\"webchat-requests\";r=0;t=2", context.Response.Headers["RateLimit"].ToString());
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal(
            """{"type":"urn:typinggateway:problem:rate-limited","title":"Too many requests","status":429,"detail":"Too many requests for this guest; retry after 2 s.","retryAfter":2}""",
            Body(context));
    }

    [Fact]
    public async Task WriteHttpAsync_LeaseWithoutPolicy_RetryAfterOneNoRateLimitFields()
    {
        var context = Context();

        await RateLimitRejections.WriteHttpAsync(Rejected(context, GcraLease.Undecided), CancellationToken.None);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.False(context.Response.Headers.ContainsKey("RateLimit-Policy"));
        Assert.False(context.Response.Headers.ContainsKey("RateLimit"));
        Assert.Equal(
            """{"type":"urn:typinggateway:problem:rate-limited","title":"Too many requests","status":429,"detail":"Too many requests for this guest; retry after 1 s.","retryAfter":1}""",
            Body(context));
    }

    private static DefaultHttpContext Context() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static OnRejectedContext Rejected(HttpContext context, GcraLease lease) => new() { HttpContext = context, Lease = lease };

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
