namespace TypingGateway.Hosting;

/// <summary>
/// Where the gateway listens when nothing says otherwise. Applied in code, and only when no
/// <c>urls</c> / <c>http_ports</c> / <c>Kestrel:Endpoints</c> setting exists, so that
/// <c>ASPNETCORE_URLS</c> (containers) and <c>--urls</c> always win; an <c>appsettings.json</c>
/// value would outrank <c>ASPNETCORE_URLS</c>.
/// </summary>
internal static class DefaultListenUrl
{
    public const string Gateway = "http://127.0.0.1:5080";

    public static void ApplyIfUnset(WebApplicationBuilder builder, string url)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"])
            && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"])
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(url);
        }
    }
}
