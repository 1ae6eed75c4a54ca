using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Genesys;

/// <summary>One parsed guest frame and where it came from.</summary>
internal readonly record struct GenesysInboundFrame(
    SimulatorConnection Connection,
    GenesysRequest Request,
    PayloadSummary Payload,
    string MessageType);
