using System.Globalization;
using Microsoft.Extensions.Options;

namespace TypingGateway.Hosting;

/// <summary>
/// The optional management port (<see cref="ManagementOptions"/>): Kestrel listens on it besides the public
/// URLs, and the gateway's own endpoints answer there only. Decided by the connection's local port, never by
/// the Host header, which a client on the public listener chooses.
/// </summary>
internal static class ManagementListener
{
    private const string UrlsKey = "urls";
    private const string HttpPortsKey = "http_ports";
    private const string HttpsPortsKey = "https_ports";
    private const string KestrelEndpointsSection = "Kestrel:Endpoints";

    /// <summary>Kestrel's own default when nothing is configured.</summary>
    private const string KestrelDefaultUrl = "http://localhost:5000";

    public static void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();

        var configuration = builder.Configuration;
        if (Port(configuration) is not { } port || configuration.GetSection(KestrelEndpointsSection).Exists())
        {
            return; // Kestrel:Endpoints replace the URLs: the operator declares the management endpoint there
        }

        var urls = PublicUrls(configuration);
        var management = urls
            .Select(BindingAddress.Parse)
            .Where(address => !address.IsUnixPipe)
            .Select(address => $"{Uri.UriSchemeHttp}://{address.Host}:{port.ToString(CultureInfo.InvariantCulture)}")
            .Distinct(StringComparer.OrdinalIgnoreCase);
        builder.WebHost.UseUrls([.. urls, .. management]);
    }

    /// <summary>After routing: the gateway's endpoints only on the management port, and nothing else there.</summary>
    public static void UseManagementPort(WebApplication app)
    {
        if (Port(app.Configuration) is not { } port)
        {
            return; // no per-request cost unless configured
        }

        app.Use((context, next) =>
        {
            var isManagementEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpointMetadata>() is not null;
            if (isManagementEndpoint != (context.Connection.LocalPort == port))
            {
                context.SetEndpoint(null); // answered 404, as an unknown path
            }

            return next(context);
        });
    }

    /// <summary>The configured port when it is a valid one (<see cref="ManagementOptionsValidator"/> reports the others).</summary>
    public static int? Port(IConfiguration configuration) =>
        int.TryParse(configuration[$"{ManagementOptions.SectionName}:{nameof(ManagementOptions.Port)}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
        && port is > 0 and <= System.Net.IPEndPoint.MaxPort
            ? port
            : null;

    /// <summary>The URLs Kestrel would listen on without a management port, in its order of precedence.</summary>
    private static List<string> PublicUrls(ConfigurationManager configuration)
    {
        static IEnumerable<string> Split(string? value) => (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        if (Split(configuration[UrlsKey]).ToList() is { Count: > 0 } urls)
        {
            return urls;
        }

        List<string> ports =
        [
            .. Split(configuration[HttpPortsKey]).Select(p => $"{Uri.UriSchemeHttp}://*:{p}"),
            .. Split(configuration[HttpsPortsKey]).Select(p => $"{Uri.UriSchemeHttps}://*:{p}"),
        ];
        return ports.Count > 0 ? ports : [KestrelDefaultUrl];
    }
}
