using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TypingGateway.Simulator.Tests.GenesysGuestChat;

/// <summary>Calls the simulator's guest chat API with plain HTTP, as a gateway or a hand-written client would.</summary>
internal static class GuestChatTestClient
{
    public const string ConversationsPath = "api/v2/webchat/guest/conversations";
    public const string CreateBody = """{"organizationId":"org-1","deploymentId":"dep-1","memberInfo":{"displayName":"Ada"}}""";

    public static async Task<CreatedChat> CreateAsync(HttpClient http)
    {
        using var response = await PostAsync(http, ConversationsPath, null, CreateBody);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new CreatedChat(
            root.GetProperty("id").GetString()!,
            root.GetProperty("member").GetProperty("id").GetString()!,
            root.GetProperty("jwt").GetString()!,
            root.GetProperty("eventStreamUri").GetString()!);
    }

    public static string MemberPath(CreatedChat chat, string? memberId = null) =>
        $"{ConversationsPath}/{chat.ConversationId}/members/{memberId ?? chat.MemberId}";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string? authorization, string? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await http.SendAsync(request);
    }
}

/// <summary>The parts of a create-chat response the tests use.</summary>
internal sealed record CreatedChat(string ConversationId, string MemberId, string Jwt, string EventStreamUri);
