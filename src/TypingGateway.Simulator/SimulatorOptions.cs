using TypingGateway.Simulator.CXone;
using TypingGateway.Simulator.Genesys;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator;

/// <summary>Settings of the upstream simulator, bound from the <c>Simulator</c> configuration section.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Genesys Web Messaging guest WebSocket behaviour.</summary>
    public GenesysSimulatorOptions Genesys { get; set; } = new();

    /// <summary>NICE CXone chat WebSocket behaviour.</summary>
    public CXoneSimulatorOptions CXone { get; set; } = new();

    /// <summary>OAuth client-credentials token endpoint behaviour.</summary>
    public OAuthSimulatorOptions OAuth { get; set; } = new();

    /// <summary>Recorder of inbound frames and requests.</summary>
    public RecorderOptions Recorder { get; set; } = new();
}
