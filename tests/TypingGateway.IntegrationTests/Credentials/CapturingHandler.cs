using System.Text;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>Records every response a test client receives (status, headers, body) into the ledger.</summary>
public sealed class CapturingHandler(SecretLedger ledger) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = new StringBuilder()
            .Append((int)response.StatusCode).Append(' ').AppendLine(request.RequestUri?.AbsolutePath)
            .AppendLine(response.Headers.ToString())
            .AppendLine(response.Content.Headers.ToString())
            .Append(await response.Content.ReadAsStringAsync(cancellationToken));
        ledger.Capture($"response to {request.Method} {request.RequestUri?.AbsolutePath}", text.ToString());
        return response;
    }
}
