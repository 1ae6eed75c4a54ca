using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TypingGateway.Simulator.Tests.OAuth;

/// <summary>Calls the token, REST typing and Platform API endpoints as the gateway would.</summary>
internal static class OAuthTestClient
{
    public const string TypingPath = "api/v2/conversations/messages/conv-1/communications/comm-1/typing";

    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId = "sim-client", string secret = "sim-example-secret", string grant = "client_credentials")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", grant)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        return await http.SendAsync(request);
    }

    public static async Task<string> GetTokenAsync(HttpClient http)
    {
        using var response = await RequestTokenAsync(http);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpResponseMessage> PostTypingAsync(HttpClient http, string? authorization, string body = """{"typing":{"type":"On","duration":5000},"dateSent":"2024-01-01T00:00:00.000Z"}""")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TypingPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Any request to the Platform API; <paramref name="session"/> goes in <c>X-Session-Id</c>.</summary>
    public static async Task<HttpResponseMessage> SendApiAsync(HttpClient http, HttpMethod method, string path, string? authorization, string? body = null, string? session = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (session is not null)
        {
            request.Headers.Add("X-Session-Id", session);
        }

        return await http.SendAsync(request);
    }

    public static JsonContent Json(object value) => JsonContent.Create(value);
}
