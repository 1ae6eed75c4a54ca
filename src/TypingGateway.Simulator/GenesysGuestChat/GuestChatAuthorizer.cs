using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// The one check of every guest call after create: <c>Authorization: Bearer &lt;jwt&gt;</c> with the JWT issued for the
/// conversation in the path (401 ErrorBody otherwise), and a member of that conversation (404 ErrorBody otherwise).
/// Records the request, rejected or accepted, so each one is recorded exactly once.
/// </summary>
internal sealed class GuestChatAuthorizer(GuestChatConversationStore conversations, HttpRequestRecorder recorder)
{
    private const string Scheme = "Bearer";

    /// <summary>The conversation when the call may proceed; null when the error response has been written.</summary>
    public async Task<GuestChatConversation?> AuthorizeAsync(HttpContext context, string conversationId, string memberId, string kind, byte[] body)
    {
        var conversation = conversations.Find(conversationId);
        if (conversation is null || !HasJwt(context.Request, conversation.Jwt))
        {
            recorder.Record(context, RecordProtocols.GenesysGuestChat, kind, RecordOutcomes.Rejected(StatusCodes.Status401Unauthorized), conversationId, body);
            await GenesysErrorBody.WriteAuthenticationFailedAsync(context);
            return null;
        }

        if (!string.Equals(memberId, conversation.MemberId, StringComparison.Ordinal))
        {
            recorder.Record(context, RecordProtocols.GenesysGuestChat, kind, RecordOutcomes.Rejected(StatusCodes.Status404NotFound), conversationId, body);
            await GenesysErrorBody.WriteAsync(context, StatusCodes.Status404NotFound, "The requested member was not found.", "not.found");
            return null;
        }

        return conversation;
    }

    private static bool HasJwt(HttpRequest request, string jwt) =>
        AuthenticationHeaderValue.TryParse(request.Headers[HeaderNames.Authorization], out var header)
        && string.Equals(header.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(header.Parameter, jwt, StringComparison.Ordinal);
}
