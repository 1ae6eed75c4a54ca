namespace TypingGateway.Hosting;

/// <summary>Registered by AddTypingGateway so UseTypingGateway can tell it ran.</summary>
internal sealed class TypingGatewayMarker(string configDirectory)
{
    public string ConfigDirectory { get; } = configDirectory;
}
