namespace TypingGateway.Simulator.Echo;

/// <summary>Header and query names of the generic echo endpoints.</summary>
internal static class EchoHeaders
{
    public const string Method = "X-Sim-Method";
    public const string Path = "X-Sim-Path";
    public const string BodyLength = "X-Sim-Body-Length";
    public const string BodySha256 = "X-Sim-Body-Sha256";
    public const string SessionId = "X-Session-Id";

    public const string SessionQuery = "session";
    public const string SizeQuery = "size";
    public const string CloseAfterQuery = "closeAfter";
    public const string CloseStatusQuery = "closeStatus";
    public const string CloseReasonQuery = "closeReason";
}
