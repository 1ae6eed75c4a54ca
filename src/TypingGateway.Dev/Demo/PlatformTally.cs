namespace TypingGateway.Dev.Demo;

/// <summary>What the platform (the simulator) did with one kind of guest frame of one session.</summary>
/// <param name="Received">Frames that reached the platform.</param>
/// <param name="Accepted">Frames it accepted.</param>
/// <param name="RateLimited">Frames it refused with 429 (TooManyRequestsErrorMessage).</param>
internal sealed record PlatformTally(int Received, int Accepted, int RateLimited);
