using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TypingGateway.Tests.Auth;

/// <summary>
/// A token endpoint behind <see cref="HttpMessageHandler"/>: counts and captures requests, answers with
/// <see cref="Respond"/> (numbered tokens valid 1 h by default), fails with 503 while <see cref="Failing"/>,
/// and while held keeps requests open until released or cancelled.
/// </summary>
internal sealed class StubTokenEndpoint : HttpMessageHandler
{
    private volatile TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource? _hold;
    private volatile bool _failing;
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>The answer to the n-th request (from 1).</summary>
    public Func<int, HttpResponseMessage> Respond { get; set; } = n => Token($"token-{n}", expiresIn: 3600);

    public CapturedRequest? LastRequest { get; private set; }

    /// <summary>Completes when a request has arrived since the last <see cref="Hold"/> (or since creation).</summary>
    public Task Entered => _entered.Task;

    /// <summary>Keeps the requests that arrive from now on open until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _hold?.TrySetResult();

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Token(string value, int expiresIn) =>
        Json(HttpStatusCode.OK, $$"""{"access_token":"{{value}}","token_type":"Bearer","expires_in":{{expiresIn}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        LastRequest = new CapturedRequest(
            request.Method, request.RequestUri, request.Headers.Authorization, request.Headers.Accept.ToString(), request.Content?.Headers.ContentType?.ToString(), body);
        _entered.TrySetResult();
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        return Failing ? Json(HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""") : Respond(call);
    }

    internal sealed record CapturedRequest(HttpMethod Method, Uri? Uri, AuthenticationHeaderValue? Authorization, string Accept, string? ContentType, string Body);
}
