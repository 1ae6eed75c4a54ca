using Microsoft.Extensions.FileProviders;
using TypingGateway.Simulator;

namespace TypingGateway.Dev.Demo;

/// <summary>
/// The live demo (<c>/demo/</c>): two guest widgets side by side, one through the gateway and one straight to the
/// simulator. Mapped by the Dev launcher only, never by the gateway library; static files with no build step.
/// </summary>
internal static class DemoEndpoints
{
    public static void MapDemoPage(this WebApplication app, SimulatorServer simulator)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, DemoPaths.Folder);
        var files = new PhysicalFileProvider(folder);

        // After the gateway's routing: these answer only what no endpoint (gateway or proxy route) matched.
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = DemoPaths.Page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = DemoPaths.Page,
            // The page is a dev tool that changes with the checkout: never a stale copy after an edit.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-store",
        });

        app.MapGet(DemoPaths.Config, (HttpContext context) =>
        {
            // The page's own host: the gateway it was served from, whatever port the launcher listens on.
            var scheme = context.Request.IsHttps ? "wss" : "ws";
            var gateway = $"{scheme}://{context.Request.Host}{DemoPaths.GatewayGuestPath}?deploymentId={DemoPaths.DeploymentId}";
            var direct = new UriBuilder(simulator.BaseAddress) { Scheme = "ws", Path = DemoPaths.PlatformGuestPath, Query = $"deploymentId={DemoPaths.DeploymentId}" };
            return new DemoConfig(gateway, direct.Uri.ToString(), DemoPaths.DeploymentId);
        });

        // The simulator serves no CORS headers, so the page asks here, same-origin, and the launcher asks the simulator.
        app.MapGet(DemoPaths.Platform, async (HttpContext context, CancellationToken cancellationToken) =>
        {
            var session = context.Request.Query[DemoPaths.SessionQuery].ToString();
            if (string.IsNullOrEmpty(session))
            {
                return Results.Problem("session is required.", statusCode: StatusCodes.Status400BadRequest);
            }

            var records = await simulator.Client.GetRecordsAsync(session, cancellationToken: cancellationToken);
            return Results.Ok(PlatformSummary.From(records));
        });
    }
}
