namespace TypingGateway.Hosting;

/// <summary>
/// How the instance stops (SIGTERM, a rolling deploy): readiness off at once, every filtered guest WebSocket told
/// "going away" (Close 1001) at a message boundary, in-flight HTTP finished, and the process gone within
/// <see cref="DrainTimeout"/> (design §7b).
/// </summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>The default drain: well under Kubernetes' default grace period of 30 s.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The longest a stop takes: guest WebSockets that have not closed by then, and HTTP requests still running, are
    /// aborted. Also the host's shutdown timeout. Default 20 s; from 1 s to 10 min. Set it below the orchestrator's
    /// grace period less any preStop wait.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = DefaultDrainTimeout;
}
