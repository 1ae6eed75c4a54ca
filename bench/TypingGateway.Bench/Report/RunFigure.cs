namespace TypingGateway.Bench.Report;

/// <summary>A figure one run measured, with the raw numbers behind it for the report (e.g. "12,000 vs 12,400 req/s").</summary>
internal readonly record struct RunFigure(double Value, string Detail);
