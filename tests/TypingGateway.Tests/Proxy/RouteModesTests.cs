using TypingGateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Tests.Proxy;

/// <summary>Route metadata <c>Mode</c>: parsed, validated, and applied in place on reload (open sockets hold the same object).</summary>
[Trait("Area", "Shadow")]
public sealed class RouteModesTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Enforce", false)]
    [InlineData("shadow", true)]
    [InlineData("SHADOW", true)]
    public void For_ReadsTheRouteMetadata(string? value, bool shadow)
    {
        var mode = new RouteModes().For(Route("r1", value));

        Assert.Equal(shadow, mode.IsShadow);
        Assert.Equal(shadow ? "shadow" : "enforce", mode.Tag);
        Assert.Equal("r1", mode.RouteId);
    }

    [Fact]
    public void ConfigurationApplied_UpdatesTheObjectOpenConnectionsHold()
    {
        var modes = new RouteModes();
        var held = modes.For(Route("r1", "Shadow"));

        modes.ConfigurationApplied([new Applied([Route("r1", "Enforce"), Route("r2", "Shadow")])]);

        Assert.Same(held, modes.For("r1"));
        Assert.False(held.IsShadow);
        Assert.True(modes.For(Route("r2", "Shadow")).IsShadow);
    }

    [Fact]
    public void For_ARequestStillCarryingTheRouteBeforeTheReload_DoesNotSwitchItBack()
    {
        var modes = new RouteModes();
        var before = Route("r1", "Shadow");
        var held = modes.For(before);

        modes.ConfigurationApplied([new Applied([Route("r1", "Enforce")])]);
        var fromAnOldRequest = modes.For(before);

        Assert.Same(held, fromAnOldRequest);
        Assert.False(held.IsShadow);
    }

    [Theory]
    [InlineData("Observe")]
    [InlineData("")]
    [InlineData("true")]
    public void Validate_InvalidMode_ClearError(string value)
    {
        var errors = ProxyConfigRules.ValidateRoute(Route("r1", value), clusterDefined: true, ["c1"], []);

        Assert.Equal([$"Route 'r1': metadata Mode '{value}' must be Enforce or Shadow."], errors);
    }

    private static RouteConfig Route(string id, string? mode) => new()
    {
        RouteId = id,
        ClusterId = "c1",
        Match = new RouteMatch { Path = "/x" },
        Metadata = mode is null ? null : new Dictionary<string, string> { [RouteMetadataKeys.Mode] = mode },
    };

    private sealed class Applied(IReadOnlyList<RouteConfig> routes) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => [];

        public Microsoft.Extensions.Primitives.IChangeToken ChangeToken => throw new NotSupportedException();
    }
}
