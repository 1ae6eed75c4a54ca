namespace TypingGateway.Bench.Hosting;

/// <summary>
/// The bare YARP baseline: what a user would run instead of the gateway. The same routes and
/// clusters (the gateway's proxy.json with the gateway-only keys removed), the same Kestrel and
/// GC defaults, and none of the gateway's features.
/// </summary>
internal static class BaselineProxy
{
    public const string Command = "baseline";

    public static async Task RunAsync(string[] args)
    {
        // CreateBuilder, as the gateway uses: the same Kestrel, logging and configuration defaults.
        var builder = WebApplication.CreateBuilder(args);
        var configFile = builder.Configuration["proxy-config"] ?? throw new ArgumentException("baseline needs --proxy-config FILE");
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
