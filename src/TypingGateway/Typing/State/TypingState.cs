using System.Collections.Immutable;

namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse state of one key. Instants are offsets from an origin the store chooses (a monotonic
/// clock in memory, Redis <c>TIME</c> in Redis); only their differences matter.
/// </summary>
/// <param name="Phase">Idle or typing.</param>
/// <param name="LastForwardAt">When the last start was forwarded.</param>
/// <param name="LastActivityAt">When the guest last sent a typing signal of any kind, from any tab.</param>
internal readonly record struct TypingState(TypingPhase Phase, TimeSpan LastForwardAt, TimeSpan LastActivityAt)
{
    private readonly ImmutableDictionary<string, TimeSpan>? _tabs;

    /// <summary>The state of a key the store does not know (never seen, or expired): idle.</summary>
    public static TypingState Initial => default;

    /// <summary>The guest's tabs that are typing now, with the time of each one's last signal.</summary>
    public ImmutableDictionary<string, TimeSpan> Tabs
    {
        get => _tabs ?? ImmutableDictionary<string, TimeSpan>.Empty;
        init => _tabs = value;
    }

    /// <summary>
    /// A typing tab closed and left no other tab typing: the burst ended, but the upstream still shows
    /// typing until some instance holding another connection of the guest sends the stop.
    /// </summary>
    public bool StopOwed { get; init; }

    /// <summary>The start the burst's stop is built from (its first forwarded start), for whichever instance ends it; empty when none.</summary>
    public ReadOnlyMemory<byte> StopTemplate { get; init; }

    /// <summary>Value equality, tabs and template by content (the default would compare references).</summary>
    public bool Equals(TypingState other) =>
        Phase == other.Phase
        && LastForwardAt == other.LastForwardAt
        && LastActivityAt == other.LastActivityAt
        && StopOwed == other.StopOwed
        && Tabs.Count == other.Tabs.Count
        && Tabs.All(tab => other.Tabs.TryGetValue(tab.Key, out var at) && at == tab.Value)
        && StopTemplate.Span.SequenceEqual(other.StopTemplate.Span);

    public override int GetHashCode() => HashCode.Combine(Phase, LastForwardAt, LastActivityAt, StopOwed, Tabs.Count, StopTemplate.Length);
}
