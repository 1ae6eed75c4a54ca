namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>One guest chat: its ids, the guest's JWT and what the guest said about itself.</summary>
internal sealed record GuestChatConversation(
    string Id,
    string MemberId,
    string Jwt,
    string DisplayName,
    DateTimeOffset JoinDate);
