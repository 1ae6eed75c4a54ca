namespace TypingGateway.Bench.Report;

/// <summary>A performance goal of design §10 / issue 6 and what this run measured against it; Met is null when the run could not measure it.</summary>
internal sealed record TargetCheck(string Goal, string Measured, bool? Met);
