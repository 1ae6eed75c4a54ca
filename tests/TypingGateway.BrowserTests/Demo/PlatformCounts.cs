using TypingGateway.Simulator;

namespace TypingGateway.BrowserTests.Demo;

/// <summary>What the simulator recorded for one guest session, read by the test over HTTP, not through the page.</summary>
internal readonly record struct PlatformCounts(int Typing, int Messages, int Accepted, int RateLimited, int MessagesRateLimited, IReadOnlyList<RecordedItem> Records)
{
    public const string TypingKind = "genesys.typing";
    public const string TextKind = "genesys.text";
    public const string AcceptedOutcome = "accepted";
    public const string RateLimitedOutcome = "rejected:429";

    public static PlatformCounts From(IReadOnlyList<RecordedItem> records)
    {
        var frames = records.Where(r => r.Kind is TypingKind or TextKind).ToList();
        return new PlatformCounts(
            frames.Count(r => r.Kind == TypingKind),
            frames.Count(r => r.Kind == TextKind),
            frames.Count(r => r.Outcome == AcceptedOutcome),
            frames.Count(r => r.Outcome == RateLimitedOutcome),
            frames.Count(r => r.Kind == TextKind && r.Outcome == RateLimitedOutcome),
            frames);
    }

    public override string ToString() =>
        $"typing {Typing}, messages {Messages}, accepted {Accepted}, 429 {RateLimited} (messages {MessagesRateLimited})";
}
