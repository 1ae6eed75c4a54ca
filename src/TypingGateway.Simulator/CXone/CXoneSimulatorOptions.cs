namespace TypingGateway.Simulator.CXone;

/// <summary>Behaviour of the simulated NICE CXone chat WebSocket (<c>/cxone</c>) and channel endpoints (<c>/chat/1.0/…</c>).</summary>
public sealed class CXoneSimulatorOptions
{
    /// <summary><c>accessToken.expiresIn</c> of the <c>ConsumerAuthorized</c> postback, in seconds.</summary>
    public int AccessTokenExpiresInSeconds { get; set; } = CXoneDefaults.AccessTokenExpiresInSeconds;

    /// <summary>
    /// Channel info <c>isAuthorizationEnabled</c>: when true, the web SDK adds the access token to every
    /// <c>SendMessage</c> (never to typing frames).
    /// </summary>
    public bool IsAuthorizationEnabled { get; set; }

    /// <summary>Channel info <c>isLiveChat</c>: a live-chat channel makes the SDK hand out <c>LivechatThread</c>s.</summary>
    public bool IsLiveChat { get; set; }

    /// <summary>Channel availability <c>online</c> (true) or <c>offline</c>.</summary>
    public bool IsOnline { get; set; } = true;
}
