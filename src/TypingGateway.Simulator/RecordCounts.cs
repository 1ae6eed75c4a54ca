namespace TypingGateway.Simulator;

/// <summary>Counts of recorded items, as served by <c>GET /_sim/counts</c>.</summary>
/// <param name="Total">Items matching the filter.</param>
/// <param name="ByKind">Items per kind.</param>
/// <param name="BySession">Items per session, then per kind; items without a session are left out.</param>
public sealed record RecordCounts(
    long Total,
    IReadOnlyDictionary<string, long> ByKind,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> BySession);
