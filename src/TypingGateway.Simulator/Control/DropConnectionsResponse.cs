namespace TypingGateway.Simulator.Control;

/// <summary>Body of the <c>POST /_sim/connections/drop</c> answer.</summary>
internal sealed record DropConnectionsResponse(int Dropped);
