using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>The shipped config plus the rate-limit policies and routes the tests use, on 3 instances sharing Redis.</summary>
public static class RateLimitDeployment
{
    /// <summary>Largest guest message on the Genesys test routes, as on the shipped genesys-guest route.</summary>
    public const int MaxMessageBytes = 65_536;

    /// <summary>Genesys guest WebSocket, messages at 2/s (burst 2) per guest, rejected over it; never closes.</summary>
    public const string RejectRoute = "/rl/reject";

    /// <summary>Genesys guest WebSocket, messages at 1/s (burst 1) per guest; closes at 3× the allowance.</summary>
    public const string AbuseRoute = "/rl/abuse";

    /// <summary>Genesys guest WebSocket shaped to 1.8/s (burst 1), held back up to 3 s; max text 4,000 characters (every Genesys route here), max message 64 KiB.</summary>
    public const string ShapeRoute = "/rl/shape";

    /// <summary>HTTP, 5/s (burst 5) per guest id, to the simulator's echo.</summary>
    public const string HttpRoute = "/rl/http/guests";

    public static Task<ShippedDeployment> StartAsync(string redis) =>
        ShippedDeployment.StartAsync(3, redis, o => o.Genesys.EnableAgentReplies = false, config => config.Write("zz-ratelimits.json", new JsonObject
        {
            ["RateLimits"] = new JsonObject
            {
                ["InstanceCount"] = 3,
                ["Policies"] = new JsonObject
                {
                    ["messages"] = Policy(2, 2, closeAtMultiple: 0),
                    ["abuse"] = Policy(1, 1, closeAtMultiple: 3),
                    ["shaped"] = Policy(1.8, 1, closeAtMultiple: 0, shape: true),
                    ["http"] = new JsonObject { ["PermitsPerSecond"] = 5, ["Burst"] = 5, ["Partition"] = "route:guestId" },
                },
            },
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject
                {
                    ["rl-reject"] = Genesys(RejectRoute, "messages"),
                    ["rl-abuse"] = Genesys(AbuseRoute, "abuse"),
                    ["rl-shape"] = Genesys(ShapeRoute, "shaped"),
                    ["rl-http"] = new JsonObject
                    {
                        ["ClusterId"] = "echo",
                        ["Match"] = new JsonObject { ["Path"] = HttpRoute + "/{guestId}" },
                        ["Transforms"] = new JsonArray(new JsonObject { ["PathPattern"] = "/echo/rl/{guestId}" }),
                        ["RateLimiterPolicy"] = "http",
                    },
                },
            },
        }));

    private static JsonObject Policy(double rate, int burst, double closeAtMultiple, bool shape = false)
    {
        var policy = new JsonObject { ["PermitsPerSecond"] = rate, ["Burst"] = burst, ["Partition"] = "guest", ["CloseAtMultiple"] = closeAtMultiple };
        if (shape)
        {
            policy["Mode"] = "Shape";
            policy["MaxDelay"] = "00:00:03";
        }

        return policy;
    }

    private static JsonObject Genesys(string prefix, string policy) => new()
    {
        ["ClusterId"] = "genesys",
        ["Match"] = new JsonObject { ["Path"] = prefix + "/{**rest}" },
        ["Transforms"] = new JsonArray(new JsonObject { ["PathRemovePrefix"] = prefix }),
        ["Metadata"] = new JsonObject
        {
            ["TypingProfile"] = "genesys-webmessaging",
            ["RateLimitMessages"] = policy,
            ["MaxTextLength"] = "4000",
            ["MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
