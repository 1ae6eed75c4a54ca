namespace TypingGateway.Bench.Load;

/// <summary>Outcome of opening and holding many idle WebSockets.</summary>
internal sealed record ConnectionScaleResult(int Attempted, int Held, int Failed, double AcceptsPerSecond, TimeSpan ConnectTime, string? FirstError);
