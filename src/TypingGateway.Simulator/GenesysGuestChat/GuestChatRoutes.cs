namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// Routes of the Genesys Cloud guest chat API (Web Chat v2, <c>purecloud-guest-chat-client</c>) the simulator serves,
/// and the event stream it hands out in <c>eventStreamUri</c>.
/// </summary>
internal static class GuestChatRoutes
{
    public const string Prefix = "/api/v2/webchat/guest";
    public const string Conversations = Prefix + "/conversations";
    public const string Member = Conversations + "/{conversationId}/members/{memberId}";
    public const string Typing = Member + "/typing";
    public const string Messages = Member + "/messages";

    /// <summary>Any other guest route: answered 404, so a guest call never falls through to the OAuth-protected catch-all.</summary>
    public const string Unsupported = Prefix + "/{**path}";

    /// <summary>Simulator-specific: Genesys streams from its own host; only the shape (a ws URL) matters to the client.</summary>
    public const string EventStreamPrefix = "/webchat/guest/events";
    public const string EventStream = EventStreamPrefix + "/{conversationId}";

    public const string ConversationIdValue = "conversationId";
    public const string MemberIdValue = "memberId";
}
