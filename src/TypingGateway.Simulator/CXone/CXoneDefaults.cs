namespace TypingGateway.Simulator.CXone;

/// <summary>Defaults of the CXone simulation.</summary>
internal static class CXoneDefaults
{
    public const int AccessTokenExpiresInSeconds = 3600;
}
