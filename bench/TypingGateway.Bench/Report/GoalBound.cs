namespace TypingGateway.Bench.Report;

/// <summary>Which side of its threshold a goal's median must land on.</summary>
internal enum GoalBound
{
    AtLeast,
    AtMost,
}
