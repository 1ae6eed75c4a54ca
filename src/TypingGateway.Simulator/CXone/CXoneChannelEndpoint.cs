using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>
/// The channel endpoints the web SDK calls on its <c>chat</c> host (<c>customEnvironment.chat</c>):
/// <c>GET /chat/1.0/brand/{brandId}/channel/{channelId}?locale=</c> (channel info; <c>authorize()</c> reads
/// <c>isAuthorizationEnabled</c> and <c>isLiveChat</c> from it) and <c>GET …/availability</c>.
/// </summary>
internal sealed class CXoneChannelEndpoint(HttpRequestRecorder recorder, IOptions<SimulatorOptions> options)
{
    public const string InfoRoute = "/chat/1.0/brand/{brandId}/channel/{channelId}";
    public const string AvailabilityRoute = InfoRoute + "/availability";
    public const string InfoKind = "cxone.channelInfo";
    public const string AvailabilityKind = "cxone.channelAvailability";

    private readonly CXoneSimulatorOptions _options = options.Value.CXone;

    public Task InfoAsync(HttpContext context, string channelId)
    {
        recorder.Record(context, RecordProtocols.CXone, InfoKind, RecordOutcomes.Accepted, null, []);
        return WriteAsync(context, JsonFrame.Build(w =>
        {
            // The fields the SDK reads, with the rest of ChannelInfo (index.d.ts) kept to what a client may branch on.
            w.WriteStartObject();
            w.WriteString("channelIdOnExternalPlatform", channelId);
            w.WriteString("name", channelId);
            w.WriteBoolean("isLiveChat", _options.IsLiveChat);
            w.WriteBoolean("isAuthorizationEnabled", _options.IsAuthorizationEnabled);
            w.WriteBoolean("isSecuredCookieEnabled", false);
            w.WriteBoolean("isUnsecuredConnectionAllowed", true);
            w.WriteStartObject("availability");
            w.WriteString(CXoneFields.Status, Availability);
            w.WriteEndObject();
            w.WriteStartObject("settings");
            w.WriteBoolean("hasMultipleThreadsPerEndUser", false);
            w.WriteBoolean("enableChatTypingPreview", false);
            w.WriteStartObject("features");
            w.WriteBoolean("securedSessions", false);
            w.WriteBoolean("enableClientSideEventsThrottling", false);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("translations");
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    public Task AvailabilityAsync(HttpContext context)
    {
        recorder.Record(context, RecordProtocols.CXone, AvailabilityKind, RecordOutcomes.Accepted, null, []);
        return WriteAsync(context, JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(CXoneFields.Status, Availability);
            w.WriteEndObject();
        }));
    }

    private string Availability => _options.IsOnline ? "online" : "offline";

    private static Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
