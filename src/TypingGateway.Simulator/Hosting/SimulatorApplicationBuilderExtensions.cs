using TypingGateway.Simulator.Control;
using TypingGateway.Simulator.CXone;
using TypingGateway.Simulator.Echo;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Genesys;
using TypingGateway.Simulator.GenesysGuestChat;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Hosting;

/// <summary>The simulator's pipeline and endpoints.</summary>
internal static class SimulatorApplicationBuilderExtensions
{
    public static WebApplication UseSimulator(this WebApplication app)
    {
        // Open sockets would otherwise hold shutdown until the host's timeout.
        var registry = app.Services.GetRequiredService<ConnectionRegistry>();
        app.Lifetime.ApplicationStopping.Register(() => registry.AbortAll());

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.UseMiddleware<HttpFaultMiddleware>();

        app.Map(HttpEndpointKinds.GenesysWebSocketPath, (HttpContext context, GenesysSocketHandler handler) => handler.HandleAsync(context));
        app.Map(HttpEndpointKinds.CXoneWebSocketPath, (HttpContext context, CXoneSocketHandler handler) => handler.HandleAsync(context));
        app.Map(HttpEndpointKinds.EchoWebSocketPrefix + "/{**path}", (HttpContext context, EchoSocketHandler handler) => handler.HandleAsync(context));
        app.MapGet(CXoneChannelEndpoint.InfoRoute, (HttpContext context, string channelId, CXoneChannelEndpoint endpoint) => endpoint.InfoAsync(context, channelId));
        app.MapGet(CXoneChannelEndpoint.AvailabilityRoute, (HttpContext context, CXoneChannelEndpoint endpoint) => endpoint.AvailabilityAsync(context));
        app.Map("/echo/{**path}", (HttpContext context, EchoHttpEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapPost(HttpEndpointKinds.OAuthTokenPath, (HttpContext context, OAuthTokenEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapPost(
            GenesysRestTypingEndpoint.Route,
            (HttpContext context, string conversationId, GenesysRestTypingEndpoint endpoint) => endpoint.HandleAsync(context, conversationId));
        app.MapGenesysGuestChat();
        // The catch-all has the lowest route precedence, so a POST of the typing template still reaches the typing endpoint.
        app.Map(GenesysPlatformApiEndpoint.Route, (HttpContext context, GenesysPlatformApiEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapControlEndpoints();
        app.MapFallback(async (HttpContext context, HttpRequestRecorder recorder) =>
        {
            var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
            var (protocol, kind) = HttpEndpointKinds.Classify(context.Request);
            recorder.Record(context, protocol, kind, RecordOutcomes.Rejected(StatusCodes.Status404NotFound), null, body);
            return Results.NotFound();
        });
        return app;
    }
}
