namespace TypingGateway.Bench.Hosting;

/// <summary>
/// The bare YARP baseline: what a user would run instead of the gateway. The same routes and
/// clusters (the gateway's proxy.json with the gateway-only keys removed), the same Kestrel and
/// GC defaults, and none of the gateway's features.
/// </summary>
internal static class BaselineProxy
{
    public const string Command = "baseline";

    /// <summary>Off the proxied paths: the managed heap after the last GC, as the gateway's <c>dotnet_gc_last_collection_heap_size_bytes</c> reports it, for the memory-per-connection comparison.</summary>
    public const string HeapPath = "/_baseline/heap";

    public static async Task RunAsync(string[] args)
    {
        // CreateBuilder, as the gateway uses: the same Kestrel, logging and configuration defaults.
        var builder = WebApplication.CreateBuilder(args);
        var configFile = builder.Configuration["proxy-config"] ?? throw new ArgumentException("baseline needs --proxy-config FILE");
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        app.MapGet(HeapPath, () => GC.GetGCMemoryInfo().HeapSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
