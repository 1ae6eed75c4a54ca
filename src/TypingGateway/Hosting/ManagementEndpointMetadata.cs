namespace TypingGateway.Hosting;

/// <summary>Marks the gateway's own endpoints, which a management port (<see cref="ManagementOptions"/>) keeps to itself.</summary>
internal sealed class ManagementEndpointMetadata
{
    public static ManagementEndpointMetadata Instance { get; } = new();

    private ManagementEndpointMetadata()
    {
    }
}
