using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>Values of <see cref="RecordedItem.Kind"/> for guest chat requests, and the kind of a request by the endpoint routing chose.</summary>
internal static class GuestChatKinds
{
    public const string Create = "genesys-guest.create";
    public const string Typing = "genesys-guest.typing";
    public const string Message = "genesys-guest.message";
    public const string Member = "genesys-guest.member";
    public const string Unsupported = "genesys-guest.unsupported";
    public const string EventStream = "genesys-guest.events";

    /// <summary>The kind the endpoint routing chose would record, so a fault is recorded as the endpoint it replaced.</summary>
    public static string Classify(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText switch
        {
            GuestChatRoutes.Conversations => Create,
            GuestChatRoutes.Typing => Typing,
            GuestChatRoutes.Messages => Message,
            GuestChatRoutes.Member => Member,
            _ => Unsupported,
        };
}
