using Microsoft.AspNetCore.Http;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>Maps the guest chat API and its event stream.</summary>
internal static class GuestChatEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapGenesysGuestChat(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(GuestChatRoutes.Conversations, (HttpContext context, GuestChatCreateEndpoint endpoint) => endpoint.HandleAsync(context));
        endpoints.MapPost(
            GuestChatRoutes.Typing,
            (HttpContext context, string conversationId, string memberId, GuestChatTypingEndpoint endpoint) => endpoint.HandleAsync(context, conversationId, memberId));
        endpoints.MapPost(
            GuestChatRoutes.Messages,
            (HttpContext context, string conversationId, string memberId, GuestChatMessageEndpoint endpoint) => endpoint.HandleAsync(context, conversationId, memberId));
        endpoints.MapGet(
            GuestChatRoutes.Member,
            (HttpContext context, string conversationId, string memberId, GuestChatMemberEndpoint endpoint) => endpoint.HandleAsync(context, conversationId, memberId));
        // Literal segments outrank the Platform API catch-all, so every other guest route lands here rather than there.
        endpoints.Map(GuestChatRoutes.Unsupported, (HttpContext context, GuestChatUnsupportedEndpoint endpoint) => endpoint.HandleAsync(context));
        endpoints.Map(
            GuestChatRoutes.EventStream,
            (HttpContext context, string conversationId, GuestChatEventStreamHandler handler) => handler.HandleAsync(context, conversationId));
        return endpoints;
    }
}
