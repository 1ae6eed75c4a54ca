namespace TypingGateway.Simulator.Control;

/// <summary>Routes of the control API, shared by the server and <see cref="SimulatorClient"/>.</summary>
internal static class ControlPaths
{
    public const string Prefix = "/_sim";
    public const string Records = "records";
    public const string Counts = "counts";
    public const string Reset = "reset";
    public const string Faults = "faults";
    public const string DropConnections = "connections/drop";
    public const string OAuthSettings = "oauth/settings";
    public const string OAuthRevoke = "oauth/revoke";
    public const string OAuthTokens = "oauth/tokens";
    public const string CXoneAgentMessages = "cxone/agent-messages";

    public const string SessionQuery = "session";
    public const string KindQuery = "kind";
    public const string ProtocolQuery = "protocol";
    public const string AfterQuery = "after";
}
