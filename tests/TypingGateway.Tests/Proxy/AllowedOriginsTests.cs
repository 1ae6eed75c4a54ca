using TypingGateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Tests.Proxy;

public sealed class AllowedOriginsTests
{
    private static readonly AllowedOrigins _origins = AllowedOrigins.From(Route("https://chat.example.com, http://localhost:8080, http://[::1]:3000"));

    [Theory]
    [InlineData("https://chat.example.com")]
    [InlineData("https://CHAT.Example.com")]
    [InlineData("https://chat.example.com:443")]
    [InlineData("HTTP://localhost:8080")]
    [InlineData("http://[::1]:3000")]
    public void Allows_SameSchemeHostAndPort_True(string origin) => Assert.True(_origins.Allows(origin));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("http://chat.example.com")]
    [InlineData("https://chat.example.com:8443")]
    [InlineData("https://evil.chat.example.com")]
    [InlineData("https://chat.example.com.evil.example")]
    [InlineData("https://chat.example.com/")]
    [InlineData("https://user@chat.example.com")]
    [InlineData("http://localhost")]
    [InlineData("https://chat.example.com, https://evil.example")]
    public void Allows_AnythingElse_False(string? origin) => Assert.False(_origins.Allows(origin));

    [Fact]
    public void Validate_EveryBadEntry_OneErrorEach()
    {
        var errors = new List<string>();

        AllowedOrigins.Validate(Route("https://ok.example,ws://socket.example,https://*.example, https://a.example/"), errors);

        const string Rule = "must be scheme://host[:port] with scheme http or https, and no path, query or wildcard.";
        Assert.Equal(
            [
                $"Route 'r1': metadata AllowedOrigins entry 'ws://socket.example' {Rule}",
                $"Route 'r1': metadata AllowedOrigins entry 'https://*.example' {Rule}",
                $"Route 'r1': metadata AllowedOrigins entry 'https://a.example/' {Rule}",
            ],
            errors);
    }

    [Fact]
    public void Validate_NoKey_NoErrors()
    {
        var errors = new List<string>();

        AllowedOrigins.Validate(new RouteConfig { RouteId = "r1", ClusterId = "c1" }, errors);

        Assert.Empty(errors);
    }

    private static RouteConfig Route(string allowedOrigins) => new()
    {
        RouteId = "r1",
        ClusterId = "c1",
        Metadata = new Dictionary<string, string> { [RouteMetadataKeys.AllowedOrigins] = allowedOrigins },
    };
}
