namespace TypingGateway.Simulator.Recording;

/// <summary>Values of <see cref="RecordedItem.Protocol"/>.</summary>
internal static class RecordProtocols
{
    public const string Genesys = "genesys";
    public const string CXone = "cxone";
    public const string EchoWebSocket = "echo-ws";
    public const string Http = "http";
    public const string OAuth = "oauth";
    public const string GenesysRest = "genesys-rest";
    public const string GenesysGuestChat = "genesys-guest";
}
