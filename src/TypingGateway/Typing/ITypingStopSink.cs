using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>Where a collapser hands the bursts that may need a synthesized stop.</summary>
internal interface ITypingStopSink
{
    /// <summary>The guest typed (a start, forwarded or not): (re)start the idle countdown; <paramref name="lastStart"/> is the stop's template.</summary>
    void Arm(TypingKey key, TypingTimings timings, ReadOnlyMemory<byte> lastStart);

    /// <summary>The burst ended (the guest's stop or message): no stop is to be synthesized.</summary>
    void Disarm(TypingKey key);

    /// <summary>
    /// Checks the shared state of <paramref name="key"/> soon and keeps watching it while the guest types (on any tab
    /// or instance): a stop it owes is delivered here. Does not change the template of a countdown already running.
    /// </summary>
    void Watch(TypingKey key, TypingTimings timings);

    /// <summary>A connection of this guest closed and left a stop owed: deliver it on another connection of the guest.</summary>
    void Owed(TypingKey key, TypingTimings timings);

    /// <summary>
    /// Drops synthesized stops decided but not yet sent: a real message or a new forwarded burst
    /// overtook them, and a stop must never arrive after either.
    /// </summary>
    void DropQueued();
}
