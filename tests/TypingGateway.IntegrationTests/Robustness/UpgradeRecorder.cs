using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// A tiny upstream on a real Kestrel port that records each WebSocket upgrade as it arrives (request
/// target and headers), accepts it and closes it normally. The simulator records WebSocket frames, not upgrades.
/// </summary>
public sealed class UpgradeRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UpgradeRecorder(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<(string Target, IReadOnlyDictionary<string, string> Headers)> Upgrades { get; } = new();

    public static async Task<UpgradeRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"], ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        UpgradeRecorder? recorder = null;
        app.UseWebSockets();
        app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            recorder!.Upgrades.Enqueue((context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget, headers));
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "recorded", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        recorder = new UpgradeRecorder(app, new Uri(address + "/"));
        return recorder;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
