using System.Text.Json.Nodes;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Builds ReverseProxy sections for tests.</summary>
public static class ProxyConfig
{
    /// <summary>The shipped route layout (config/proxy.json) pointed at <paramref name="upstream"/>.</summary>
    public static JsonObject Standard(Uri upstream) => new()
    {
        ["ReverseProxy"] = new JsonObject
        {
            ["Routes"] = new JsonObject
            {
                ["echo-http"] = Route("echo", "/echo/{**rest}"),
                ["echo-ws"] = Route("echo", "/ws/{**rest}"),
                ["genesys-guest"] = Route("genesys", "/genesys/{**rest}", removePrefix: "/genesys"),
                ["cxone-guest"] = Route("cxone", "/cxone/{**rest}"),
                ["genesys-rest"] = Route("genesysRest", "/api/v2/{**rest}"),
            },
            ["Clusters"] = new JsonObject
            {
                ["echo"] = Cluster(upstream),
                ["genesys"] = Cluster(upstream),
                ["cxone"] = Cluster(upstream),
                ["genesysRest"] = Cluster(upstream),
            },
        },
    };

    public static JsonObject Route(string clusterId, string path, string? removePrefix = null)
    {
        var route = new JsonObject
        {
            ["ClusterId"] = clusterId,
            ["Match"] = new JsonObject { ["Path"] = path },
        };
        if (removePrefix is not null)
        {
            route["Transforms"] = new JsonArray(new JsonObject { ["PathRemovePrefix"] = removePrefix });
        }

        return route;
    }

    public static JsonObject Cluster(Uri destination) => new()
    {
        ["Destinations"] = new JsonObject { ["sim"] = new JsonObject { ["Address"] = destination.ToString() } },
    };

    public static JsonObject Routes(JsonObject config) => (JsonObject)config["ReverseProxy"]!["Routes"]!;

    public static JsonObject Clusters(JsonObject config) => (JsonObject)config["ReverseProxy"]!["Clusters"]!;
}
