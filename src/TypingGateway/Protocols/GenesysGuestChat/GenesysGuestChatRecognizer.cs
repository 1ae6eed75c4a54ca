using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.GenesysGuestChat;

/// <summary>
/// Genesys guest chat requests, told apart by their path (they carry no typing body):
/// <c>POST …/conversations/{c}/members/{m}/typing</c> is a start, <c>POST …/members/{m}/messages</c> a real message.
/// The collapse key is conversation + member.
/// </summary>
internal sealed class GenesysGuestChatRecognizer(string profile) : ITypingRecognizer
{
    private const string Typing = "typing";
    private const string Messages = "messages";

    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        if (!HttpMethods.IsPost(context.Method ?? string.Empty) || !TryParsePath(context.Path, out var conversation, out var member, out var action))
        {
            return TypingSignal.Other;
        }

        var kind = action switch
        {
            Typing => TypingSignalKind.Start,
            Messages => TypingSignalKind.Message,
            _ => TypingSignalKind.Other,
        };
        return kind == TypingSignalKind.Other ? TypingSignal.Other : new TypingSignal(kind, TypingKey.Create(profile, conversation, member));
    }

    // There is no typing-stopped call to build.
    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart) => null;

    /// <summary>Reads <c>…/conversations/{c}/members/{m}/{action}</c> (any prefix, e.g. the gateway's own path base).</summary>
    internal static bool TryParsePath(string? path, out string conversation, out string member, out string action)
    {
        var segments = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ok = segments.Length >= 5 && segments[^5] == "conversations" && segments[^3] == "members";
        conversation = ok ? Uri.UnescapeDataString(segments[^4]) : string.Empty;
        member = ok ? Uri.UnescapeDataString(segments[^2]) : string.Empty;
        action = ok ? segments[^1] : string.Empty;
        return ok;
    }
}
