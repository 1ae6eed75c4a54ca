using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TypingGateway.Auth;

/// <summary>
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) against an upstream's token endpoint, over
/// one pooled connection handler. Failures become <see cref="TokenRequestException"/>s whose messages
/// name the status and the OAuth error code, never the request or the response body.
/// </summary>
internal sealed class TokenEndpointClient : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;
    private const string FormMediaType = "application/x-www-form-urlencoded";

    // RFC 6749 §5.1 makes expires_in optional; without it the token is treated as short-lived.
    private static readonly TimeSpan _defaultLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpMessageInvoker _client;
    private readonly TimeProvider _time;

    public TokenEndpointClient(TimeProvider time)
        : this(time, new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
    {
    }

    internal TokenEndpointClient(TimeProvider time, HttpMessageHandler handler)
    {
        _time = time;
        _client = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async Task<IssuedToken> RequestAsync(Upstream upstream, string clientSecret, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(upstream.TokenRequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = Build(upstream, clientSecret);
        try
        {
            using var response = await _client.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await ReadAsync(response.Content, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TokenRequestException($"the token endpoint answered {(int)response.StatusCode}{OAuthError(body)}.");
            }

            return Parse(body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TokenRequestException($"the token endpoint did not answer within {upstream.TokenRequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            throw new TokenRequestException($"the token endpoint could not be reached ({ex.HttpRequestError}).", ex);
        }
    }

    public void Dispose() => _client.Dispose();

    private static HttpRequestMessage Build(Upstream upstream, string clientSecret)
    {
        var fields = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (upstream.Scope is { } scope)
        {
            fields.Add(new("scope", scope));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, upstream.TokenUrl);
        if (upstream.AuthStyle == UpstreamAuthStyle.Basic)
        {
            // As the Genesys SDKs send it: base64 of "id:secret" as is.
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(upstream.ClientId + ":" + clientSecret)));
        }
        else
        {
            fields.Add(new("client_id", upstream.ClientId));
            fields.Add(new("client_secret", clientSecret));
        }

        request.Content = new FormUrlEncodedContent(fields);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(FormMediaType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new TokenRequestException($"the token endpoint's answer is larger than {MaxResponseBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IssuedToken Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var accessToken) || accessToken.ValueKind != JsonValueKind.String
                || accessToken.GetString() is not { Length: > 0 } value)
            {
                throw new TokenRequestException("the token endpoint's answer has no access_token.");
            }

            if (root.TryGetProperty("token_type", out var type) && type.ValueKind == JsonValueKind.String
                && !string.Equals(type.GetString(), "bearer", StringComparison.OrdinalIgnoreCase))
            {
                throw new TokenRequestException($"the token endpoint issued a token of type '{type.GetString()}', not a bearer token.");
            }

            var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number
                && expiresIn.TryGetInt64(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : _defaultLifetime;
            return new IssuedToken(value, lifetime);
        }
        catch (JsonException)
        {
            throw new TokenRequestException("the token endpoint's answer is not JSON.");
        }
    }

    // RFC 6749 §5.2: the error code is a fixed ASCII word, safe to log; the description is not logged.
    private static string OAuthError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: > 0 and <= 64 } code && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? $" ({code})"
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
