using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TypingGateway.Simulator.Recording;

/// <summary>Records HTTP requests: the body, headers and the target exactly as received.</summary>
internal sealed class HttpRequestRecorder(Recorder recorder)
{
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = request.ContentLength is long length and <= int.MaxValue
            ? new MemoryStream((int)length)
            : new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    /// <summary>Path and query as the client sent them (no decoding or normalisation).</summary>
    public static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget
        ?? context.Request.Path + context.Request.QueryString;

    public RecordedItem Record(HttpContext context, string protocol, string kind, string outcome, string? session, ReadOnlySpan<byte> body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        return recorder.Add(new RecordDraft
        {
            ConnectionId = context.Connection.Id,
            Session = session,
            Protocol = protocol,
            Kind = kind,
            Outcome = outcome,
            MessageType = RecordMessageTypes.Http,
            Payload = PayloadSummary.FromBytes(body, PayloadEncoding.Auto),
            Method = context.Request.Method,
            Path = RawTarget(context),
            Headers = headers,
        });
    }
}
