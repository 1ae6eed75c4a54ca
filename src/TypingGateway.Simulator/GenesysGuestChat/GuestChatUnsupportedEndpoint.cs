using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// Any other method or route under <c>/api/v2/webchat/guest/</c>: 404 ErrorBody. Without it such a call would reach the
/// Platform API stand-in, whose OAuth check would answer a guest JWT with a misleading 401.
/// </summary>
internal sealed class GuestChatUnsupportedEndpoint(HttpRequestRecorder recorder)
{
    public async Task HandleAsync(HttpContext context)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        var conversationId = context.GetRouteValue(GuestChatRoutes.ConversationIdValue) as string;
        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Unsupported, RecordOutcomes.Rejected(StatusCodes.Status404NotFound), conversationId, body);
        await GenesysErrorBody.WriteAsync(context, StatusCodes.Status404NotFound, "The simulator does not serve this guest chat route.", "not.found");
    }
}
