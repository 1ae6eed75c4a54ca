namespace TypingGateway.Simulator.Control;

/// <summary>Body of <c>POST /_sim/oauth/settings</c>.</summary>
internal sealed record OAuthSettingsRequest(int ExpiresInSeconds);
