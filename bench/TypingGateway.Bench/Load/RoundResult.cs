namespace TypingGateway.Bench.Load;

/// <summary>One measured round: latency and rate, answers that were not the expected ones, and the CPU time the target's processes used during it.</summary>
internal readonly record struct RoundResult(LatencySummary Latency, long Unexpected, TimeSpan Cpu)
{
    /// <summary>CPU milliseconds the target spent per 1,000 requests or messages.</summary>
    public double CpuMsPer1000 => Latency.Count == 0 ? double.NaN : Cpu.TotalMilliseconds / (Latency.Count / 1000.0);

    /// <summary>The median round by rate: on a shared machine one noisy round should not decide the result.</summary>
    public static RoundResult Median(IReadOnlyList<RoundResult> rounds) =>
        rounds.OrderBy(r => r.Latency.PerSecond).ElementAt(rounds.Count / 2);
}
