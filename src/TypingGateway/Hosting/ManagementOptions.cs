namespace TypingGateway.Hosting;

/// <summary>
/// The management listener: where the gateway's own endpoints (<c>/health/live</c>, <c>/health/ready</c>,
/// <c>/metrics</c>) answer, so that probes and scrapes need not be reachable from the internet.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>
    /// Port of the management listener (plain HTTP, on the same interfaces as the public listener).
    /// When set, health and metrics answer only on this port, the public listener answers 404 for them and
    /// this port serves nothing else. Unset (the default): they answer on the public listener, as on a laptop.
    /// With <c>Kestrel:Endpoints</c> the gateway adds no listener: declare one with this port there.
    /// </summary>
    public int? Port { get; set; }
}
