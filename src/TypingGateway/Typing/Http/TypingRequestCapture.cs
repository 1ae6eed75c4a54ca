namespace TypingGateway.Typing.Http;

/// <summary>
/// Filled by <see cref="TypingRequestCaptureTransformProvider"/> with the upstream request as YARP
/// builds it, when the typing step asks for it (a forwarded start that may need a synthesized stop).
/// </summary>
internal sealed class TypingRequestCapture
{
    /// <summary>Key of the capture in <see cref="HttpContext.Items"/>.</summary>
    public static readonly object ItemKey = new();

    public Uri? Uri { get; set; }

    public HttpMethod? Method { get; set; }

    public string? MediaType { get; set; }

    /// <summary>Headers as sent, without <c>Authorization</c> when <see cref="Upstream"/> is set (a fresh token is injected per call).</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; set; } = [];

    /// <summary>The upstream whose token the route injects, if any.</summary>
    public string? Upstream { get; set; }
}
