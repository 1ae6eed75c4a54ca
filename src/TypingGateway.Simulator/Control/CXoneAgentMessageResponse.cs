namespace TypingGateway.Simulator.Control;

/// <summary>Answer of <c>POST /_sim/cxone/agent-messages</c>: how many open tabs of the guest got the message.</summary>
internal sealed record CXoneAgentMessageResponse(int Delivered);
