namespace TypingGateway.Bench.Report;

/// <summary>A performance goal of design §10 / issue 15, judged on the median of one figure over the runs.</summary>
internal sealed record Goal(string Description, string Figure, GoalBound Bound, double Threshold, Func<double, string> Format)
{
    public string ThresholdText => (Bound == GoalBound.AtLeast ? "≥ " : "≤ ") + Format(Threshold);

    /// <summary>Null when no run measured the figure.</summary>
    public bool? IsMet(Spread spread) => spread.Runs == 0
        ? null
        : Bound == GoalBound.AtLeast ? spread.Median >= Threshold : spread.Median <= Threshold;
}
