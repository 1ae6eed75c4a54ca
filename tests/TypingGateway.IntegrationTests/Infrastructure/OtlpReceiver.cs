using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal OTLP/HTTP receiver on a real Kestrel port: records every export request's path, content
/// type and protobuf body, and answers 200 with an empty (valid) export response. Tests look for
/// strings and ids in the bodies; decoding protobuf is not needed to prove what was exported.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpExport> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<OtlpExport> Exports => _exports;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = Path.GetTempPath(),
            EnvironmentName = "Testing",
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver._exports.Enqueue(new OtlpExport(signal, context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>True when some export of <paramref name="signal"/> (<c>traces</c>, <c>metrics</c>) contains all of <paramref name="parts"/>.</summary>
    public bool Received(string signal, params byte[][] parts) =>
        _exports.Any(e => e.Signal == signal && parts.All(part => e.Body.AsSpan().IndexOf(part) >= 0));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
