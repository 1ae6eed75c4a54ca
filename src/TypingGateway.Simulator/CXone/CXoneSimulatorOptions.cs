namespace TypingGateway.Simulator.CXone;

/// <summary>Behaviour of the simulated NICE CXone chat WebSocket (<c>/cxone</c>).</summary>
public sealed class CXoneSimulatorOptions
{
    /// <summary><c>accessToken.expiresIn</c> of the <c>ConsumerAuthorized</c> postback, in seconds.</summary>
    public int AccessTokenExpiresInSeconds { get; set; } = CXoneDefaults.AccessTokenExpiresInSeconds;
}
