using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.OAuth;

/// <summary><c>POST /oauth/token</c>: the client-credentials grant of login.&lt;region&gt; (protocols.md §2.2).</summary>
internal sealed class OAuthTokenEndpoint(TokenStore tokens, HttpRequestRecorder recorder, IOptions<SimulatorOptions> options)
{
    private const string GrantType = "grant_type";
    private const string ClientCredentials = "client_credentials";
    private const string ClientIdField = "client_id";
    private const string ClientSecretField = "client_secret";
    private const string JsonContentType = "application/json";

    private readonly IList<OAuthClientOptions> _clients = options.Value.OAuth.Clients;

    public async Task HandleAsync(HttpContext context)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        var form = context.Request.HasFormContentType
            ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))
            : [];

        // Client authentication comes first, as in RFC 6749 §5.2: a bad client is 401 whatever the grant.
        if (!IsKnownClient(context.Request, form))
        {
            recorder.Record(context, RecordProtocols.OAuth, HttpEndpointKinds.OAuthToken, RecordOutcomes.Rejected(401), null, body);
            await WriteAsync(context, StatusCodes.Status401Unauthorized, Error("invalid_client", "Client authentication failed."));
            return;
        }

        if (!form.TryGetValue(GrantType, out var grant) || grant.ToString() != ClientCredentials)
        {
            recorder.Record(context, RecordProtocols.OAuth, HttpEndpointKinds.OAuthToken, RecordOutcomes.Rejected(400), null, body);
            await WriteAsync(context, StatusCodes.Status400BadRequest, Error("unsupported_grant_type", "Only client_credentials is supported."));
            return;
        }

        var (token, expiresIn) = tokens.Issue();
        recorder.Record(context, RecordProtocols.OAuth, HttpEndpointKinds.OAuthToken, "issued", null, body);
        await WriteAsync(context, StatusCodes.Status200OK, JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", expiresIn);
            w.WriteEndObject();
        }));
    }

    private bool IsKnownClient(HttpRequest request, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        string? id = null;
        string? secret = null;
        if (AuthenticationHeaderValue.TryParse(request.Headers[HeaderNames.Authorization], out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    id = decoded[..colon];
                    secret = decoded[(colon + 1)..];
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else if (form.TryGetValue(ClientIdField, out var formId) && form.TryGetValue(ClientSecretField, out var formSecret))
        {
            id = formId.ToString();
            secret = formSecret.ToString();
        }

        return id is not null && _clients.Any(c => c.ClientId == id && c.ClientSecret == secret);
    }

    private static byte[] Error(string error, string description) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("error_description", description);
        w.WriteEndObject();
    });

    private static async Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
