using TypingGateway.Simulator;

namespace TypingGateway.Dev.Demo;

/// <summary>Served by <c>/demo/api/platform?session=</c>: the simulator's records of one guest session, counted.</summary>
internal sealed record PlatformSummary(PlatformTally Typing, PlatformTally Messages)
{
    // Kinds and outcomes as the simulator records them (src/TypingGateway.Simulator/Genesys, Recording/RecordOutcomes).
    private const string TypingKind = "genesys.typing";
    private const string TextKind = "genesys.text";
    private const string Accepted = "accepted";
    private const string RateLimited = "rejected:429";

    public static PlatformSummary From(IReadOnlyList<RecordedItem> records) =>
        new(Tally(records, TypingKind), Tally(records, TextKind));

    private static PlatformTally Tally(IReadOnlyList<RecordedItem> records, string kind)
    {
        int received = 0, accepted = 0, rateLimited = 0;
        foreach (var record in records)
        {
            if (record.Kind != kind)
            {
                continue;
            }

            received++;
            accepted += record.Outcome == Accepted ? 1 : 0;
            rateLimited += record.Outcome == RateLimited ? 1 : 0;
        }

        return new PlatformTally(received, accepted, rateLimited);
    }
}
