using TypingGateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Tests.Proxy;

public sealed class ProxyConfigRulesTests
{
    private static readonly string[] _profiles = ["genesys-webmessaging", "cxone-chat"];

    [Theory]
    [InlineData("http://upstream:8080/")]
    [InlineData("https://upstream.example/base/")]
    public void ValidateCluster_HttpAddress_NoErrors(string address)
    {
        Assert.Empty(ProxyConfigRules.ValidateCluster(Cluster(address)));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://upstream/")]
    [InlineData("ws://upstream/")]
    public void ValidateCluster_AddressNotHttpUrl_ErrorNamesClusterDestinationAndValue(string address)
    {
        var error = Assert.Single(ProxyConfigRules.ValidateCluster(Cluster(address)));

        Assert.Equal($"Cluster 'c1', destination 'd1': Address '{address}' is not an absolute http:// or https:// URL.", error);
    }

    [Fact]
    public void ValidateCluster_BadHealthAddress_Reported()
    {
        var cluster = new ClusterConfig
        {
            ClusterId = "c1",
            Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = "http://ok/", Health = "nope" } },
        };

        Assert.Equal(["Cluster 'c1', destination 'd1': Health 'nope' is not an absolute http:// or https:// URL."], ProxyConfigRules.ValidateCluster(cluster));
    }

    [Theory]
    [InlineData("HashCookie")]
    [InlineData("hashcookie")]
    public void ValidateCluster_HashCookieAffinity_Accepted(string policy)
    {
        var cluster = Cluster("http://ok/") with { SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = policy, AffinityKeyName = "k" } };

        Assert.Empty(ProxyConfigRules.ValidateCluster(cluster));
    }

    [Fact]
    public void ValidateCluster_CookieAffinity_Accepted()
    {
        var cluster = Cluster("http://ok/") with { SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = "k" } };

        Assert.Empty(ProxyConfigRules.ValidateCluster(cluster));
    }

    [Fact]
    public void ValidateRoute_NoClusterId_Reported()
    {
        var route = new RouteConfig { RouteId = "r1", Match = new RouteMatch { Path = "/x" } };

        Assert.Equal(["Route 'r1' has no ClusterId."], ProxyConfigRules.ValidateRoute(route, clusterDefined: false, [], _profiles));
    }

    [Fact]
    public void ValidateRoute_UnknownCluster_ListsDefinedOnes()
    {
        Assert.Equal(
            ["Route 'r1': ClusterId 'c9' does not name a defined cluster (defined clusters: a, b)."],
            ProxyConfigRules.ValidateRoute(Route("c9"), clusterDefined: false, ["a", "b"], _profiles));
    }

    [Fact]
    public void ValidateRoute_UnknownClusterAndNoneDefined_SaysNone()
    {
        Assert.Equal(
            ["Route 'r1': ClusterId 'c9' does not name a defined cluster (defined clusters: none)."],
            ProxyConfigRules.ValidateRoute(Route("c9"), clusterDefined: false, [], _profiles));
    }

    [Theory]
    [InlineData("cxone-chat")]
    [InlineData("CXONE-CHAT")]
    public void ValidateRoute_KnownTypingProfile_Accepted(string profile)
    {
        var route = Route("c1") with { Metadata = new Dictionary<string, string> { ["TypingProfile"] = profile } };

        Assert.Empty(ProxyConfigRules.ValidateRoute(route, clusterDefined: true, ["c1"], _profiles));
    }

    [Fact]
    public void ValidateRoute_UnknownTypingProfile_ListsKnownOnes()
    {
        var route = Route("c1") with { Metadata = new Dictionary<string, string> { ["TypingProfile"] = "nope" } };

        Assert.Equal(
            ["Route 'r1': metadata TypingProfile 'nope' does not name a typing profile (known profiles: genesys-webmessaging, cxone-chat)."],
            ProxyConfigRules.ValidateRoute(route, clusterDefined: true, ["c1"], _profiles));
    }

    [Fact]
    public void ValidateRoute_OtherMetadata_Ignored()
    {
        var route = Route("c1") with { Metadata = new Dictionary<string, string> { ["Owner"] = "team-chat" } };

        Assert.Empty(ProxyConfigRules.ValidateRoute(route, clusterDefined: true, ["c1"], _profiles));
    }

    private static ClusterConfig Cluster(string address) => new()
    {
        ClusterId = "c1",
        Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = address } },
    };

    private static RouteConfig Route(string clusterId) => new() { RouteId = "r1", ClusterId = clusterId, Match = new RouteMatch { Path = "/x" } };

    [Fact]
    public void ValidateRoute_TypingRequestBadValueOrWithoutProfile_BothListed()
    {
        var bad = Route("c1") with { Metadata = new Dictionary<string, string> { ["TypingRequest"] = "Typing" } };

        Assert.Equal(
            [
                "Route 'r1': metadata TypingRequest 'Typing' must be Start, Stop or Message.",
                "Route 'r1': metadata TypingRequest needs a TypingProfile on the route (it supplies the guest key and timings).",
            ],
            ProxyConfigRules.ValidateRoute(bad, clusterDefined: true, ["c1"], _profiles));
    }
}
