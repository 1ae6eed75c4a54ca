using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>Created guest chats by id, each with the one JWT that authenticates its guest.</summary>
internal sealed class GuestChatConversationStore(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, GuestChatConversation> _conversations = new(StringComparer.Ordinal);

    public GuestChatConversation Create(string organizationId, string deploymentId, string displayName)
    {
        var id = Guid.NewGuid().ToString("D");
        var memberId = Guid.NewGuid().ToString("D");
        var now = timeProvider.GetUtcNow();
        var conversation = new GuestChatConversation(id, memberId, IssueJwt(id, memberId, organizationId, deploymentId, now), displayName, now);
        _conversations[id] = conversation;
        return conversation;
    }

    public GuestChatConversation? Find(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var conversation) ? conversation : null;

    public void Reset() => _conversations.Clear();

    // JWT-shaped (header.payload.signature) like the real one, so a gateway that logs or parses tokens sees the
    // real shape; the signature is random: the simulator checks the token by equality with the one it issued.
    private static string IssueJwt(string conversationId, string memberId, string organizationId, string deploymentId, DateTimeOffset now)
    {
        var header = JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("alg", "HS256");
            w.WriteString("typ", "JWT");
            w.WriteEndObject();
        });
        var payload = JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("conversationId", conversationId);
            w.WriteString("memberId", memberId);
            w.WriteString("orgId", organizationId);
            w.WriteString("deploymentId", deploymentId);
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteEndObject();
        });
        return Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    }
}
