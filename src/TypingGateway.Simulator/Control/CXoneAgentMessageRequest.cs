namespace TypingGateway.Simulator.Control;

/// <summary>Body of <c>POST /_sim/cxone/agent-messages</c>: the guest (session key), the text, and optionally the thread.</summary>
public sealed record CXoneAgentMessageRequest(string Session, string Text, string? ThreadId = null);
