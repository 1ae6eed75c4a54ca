namespace TypingGateway.Dev.Demo;

/// <summary>Where the live demo answers on the gateway's port; none of these collide with a route in config/proxy.json.</summary>
internal static class DemoPaths
{
    public const string Page = "/demo";
    public const string Config = "/demo/config.json";
    public const string Platform = "/demo/api/platform";
    public const string SessionQuery = "session";

    /// <summary>The deployment id both widgets name; the simulator accepts any.</summary>
    public const string DeploymentId = "demo";

    /// <summary>The shipped genesys-guest route: <c>/genesys</c> is removed on the way to the upstream's <c>/v1</c>.</summary>
    public const string GatewayGuestPath = "/genesys/v1";

    /// <summary>The simulator's (and Genesys') guest WebSocket.</summary>
    public const string PlatformGuestPath = "/v1";

    /// <summary>Folder of index.html, demo.js and demo.css, copied beside the launcher's assembly.</summary>
    public const string Folder = "wwwroot/demo";
}
