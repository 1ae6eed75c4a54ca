using System.Globalization;

namespace TypingGateway.Bench.Report;

/// <summary>The goals of design §10 / issue 15 the report judges, in the order the Targets table lists them.</summary>
internal static class DesignGoals
{
    public static readonly IReadOnlyList<Goal> All =
    [
        new("HTTP pass-through ≥ 0.97× bare YARP req/s", Figures.HttpRpsRatio, GoalBound.AtLeast, 0.97, Fmt.FineRatio),
        new("HTTP pass-through p99 ≤ 1.05× bare YARP", Figures.HttpP99Ratio, GoalBound.AtMost, 1.05, Fmt.FineRatio),
        new("WebSocket pass-through ≥ 0.97× bare YARP messages/s", Figures.WsMsgsRatio, GoalBound.AtLeast, 0.97, Fmt.FineRatio),
        new("A suppressed typing request is answered ≥ 2× faster than a proxied one (1 instance)", Figures.HttpTypingSpeedup, GoalBound.AtLeast, 2, Fmt.FineRatio),
        new("A suppressed typing request is answered ≥ 2× faster than a proxied one (3 instances + Redis)", Figures.HttpTypingSpeedupX3, GoalBound.AtLeast, 2, Fmt.FineRatio),
        new("Typing storm: message p99 on 3 instances ≤ 2× one instance's", Figures.TypingP99X3OverX1, GoalBound.AtMost, 2, Fmt.FineRatio),
        new("Typing: ≤ 0.1 Redis round trips per typing frame (3 instances + Redis)", Figures.TypingRedisRoundTrips, GoalBound.AtMost, 0.1, v => v.ToString("0.000", CultureInfo.InvariantCulture)),
        new("Memory per idle guest socket ≤ bare YARP's (working set)", Figures.ScaleWorkingSetRatio, GoalBound.AtMost, 1.0, Fmt.FineRatio),
        new("Memory per idle guest socket ≤ bare YARP's (managed heap)", Figures.ScaleManagedHeapRatio, GoalBound.AtMost, 1.0, Fmt.FineRatio),
        new("Genesys typing frame recognised in ≤ 400 ns (BenchmarkDotNet)", Figures.MicroGenesysTypingNs, GoalBound.AtMost, 400, Fmt.Nanoseconds),
        new("Every recogniser allocates 0 B per frame (BenchmarkDotNet, the largest)", Figures.MicroRecogniserMaxBytes, GoalBound.AtMost, 0, Fmt.ByteCount),
        new("Pass-through path allocates 0 B per frame, frames back to back (BenchmarkDotNet, the largest)", Figures.MicroPassThroughMaxBytes, GoalBound.AtMost, 0, Fmt.ByteCount),
        new("A pass-through frame after an idle wait allocates 0 B (BenchmarkDotNet)", Figures.MicroAfterIdleBytes, GoalBound.AtMost, 0, Fmt.ByteCount),
    ];
}
