using System.Text.Json;
using TypingGateway.Auth;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Writes this instance's JSON summary: the first seed's fields (what operators coming from it read), from the same
/// totals as <c>/metrics</c>, plus the gateway's own. Per instance: a dashboard sums instances from <c>/metrics</c>.
/// </summary>
internal static class GatewaySummaryWriter
{
    public static async Task WriteAsync(HttpContext context, GatewayMetrics metrics, UpstreamTokenBroker tokens)
    {
        var totals = metrics.Summary;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("totalEvents", totals.TotalEvents);
        json.WriteNumber("successfulDeliveries", totals.SuccessfulDeliveries);
        json.WriteNumber("failedDeliveries", totals.FailedDeliveries);
        json.WriteNumber("averageLatencyMs", Math.Round(totals.AverageLatencyMs, 3));
        json.WriteNumber("retryCount", totals.RetryCount);
        json.WriteNumber("activeSessions", totals.ActiveSessions);
        json.WriteNumber("cachedTokens", tokens.CachedTokens);
        json.WriteNumber("suppressedEvents", totals.Suppressed);
        json.WriteNumber("platformRejections", totals.PlatformRejections);
        json.WriteNumber("activeGuests", metrics.ActiveGuests);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
