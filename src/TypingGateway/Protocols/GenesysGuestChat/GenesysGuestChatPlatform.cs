using System.Text.Json;
using TypingGateway.Typing;

namespace TypingGateway.Protocols.GenesysGuestChat;

/// <summary>
/// Genesys Cloud guest chat (Web Chat v2, the <c>purecloud-guest-chat-client</c> npm client): the guest types with a
/// body-less <c>POST …/webchat/guest/conversations/{conversationId}/members/{memberId}/typing</c> and has no
/// typing-stopped call. Genesys' own widget sends that call once per burst: a keystroke after 2 s without keystrokes
/// starts a new one (Genesys Widgets 9.0.018.07 <c>widgets.min.js</c>, <c>WebChatService.sendTyping</c>:
/// <c>{Timer:0,Timeout:2e3,TimeInterval:100}</c>), so the gateway forwards one call per burst, whatever the guest's
/// own client sends, and answers the collapsed ones as Genesys does: 200 with a <c>WebChatTyping</c>.
/// </summary>
internal sealed class GenesysGuestChatPlatform : ChatPlatform
{
    /// <summary>The shipped profile.</summary>
    public const string Profile = "genesys-guest-chat";

    /// <summary>Silence after which Genesys' widget sends its next typing call.</summary>
    public static readonly TimeSpan WidgetQuietGap = TimeSpan.FromSeconds(2);

    public override string Kind => "GenesysGuestChat";

    public override string? BuiltInProfile => Profile;

    public override TypingTransport? Transport => TypingTransport.Http;

    public override string? NoStopReason => "Genesys guest chat (Web Chat v2) has no typing-stopped call.";

    public override TimeSpan DefaultStartInterval(TypingStopMode stop) => Timeout.InfiniteTimeSpan;

    public override TimeSpan? DefaultNewBurstAfter => WidgetQuietGap;

    public override ITypingRecognizer CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error) =>
        new GenesysGuestChatRecognizer(profile);

    public override async Task WriteSuppressedAsync(HttpContext context)
    {
        // What Genesys answers a typing call with (WebChatTyping); Genesys' widget rejects an empty answer.
        if (!GenesysGuestChatRecognizer.TryParsePath(context.Request.Path.Value, out var conversation, out var member, out _))
        {
            await base.WriteSuppressedAsync(context).ConfigureAwait(false); // not reached: only recognised requests are collapsed
            return;
        }

        var now = (context.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("id", Guid.NewGuid().ToString());
        json.WriteStartObject("conversation");
        json.WriteString("id", conversation);
        json.WriteString("selfUri", "/api/v2/webchat/guest/conversations/" + conversation);
        json.WriteEndObject();
        json.WriteStartObject("sender");
        json.WriteString("id", member);
        json.WriteEndObject();
        json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
