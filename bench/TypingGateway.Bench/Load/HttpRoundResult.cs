namespace TypingGateway.Bench.Load;

/// <summary>One measured HTTP round, and how many answers were not the expected status (or failed).</summary>
internal readonly record struct HttpRoundResult(LatencySummary Latency, long Unexpected);
