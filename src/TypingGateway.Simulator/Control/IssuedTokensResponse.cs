namespace TypingGateway.Simulator.Control;

/// <summary>Body of the <c>GET /_sim/oauth/tokens</c> answer: every access token issued since the last reset, oldest first.</summary>
internal sealed record IssuedTokensResponse(IReadOnlyList<string> Tokens);
