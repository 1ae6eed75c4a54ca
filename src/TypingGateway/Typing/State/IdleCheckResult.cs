namespace TypingGateway.Typing.State;

/// <summary>Outcome of an idle check for a profile that synthesizes stops.</summary>
/// <param name="Synthesize">True for exactly one caller per burst, across all instances: it must send the stop.</param>
/// <param name="RecheckAfter">When still typing but not idle long enough: check again after this long. Null: nothing to wait for.</param>
internal readonly record struct IdleCheckResult(bool Synthesize, TimeSpan? RecheckAfter)
{
    public static IdleCheckResult Nothing => new(false, null);

    /// <summary>With <see cref="Synthesize"/>: the start stored with the burst to build the stop from (empty: use the caller's own).</summary>
    public ReadOnlyMemory<byte> StopTemplate { get; init; }

    public static IdleCheckResult SynthesizeStop(ReadOnlyMemory<byte> stopTemplate) => new(true, null) { StopTemplate = stopTemplate };

    /// <summary>Value equality, the template by content (the default would compare references).</summary>
    public bool Equals(IdleCheckResult other) =>
        Synthesize == other.Synthesize && RecheckAfter == other.RecheckAfter && StopTemplate.Span.SequenceEqual(other.StopTemplate.Span);

    public override int GetHashCode() => HashCode.Combine(Synthesize, RecheckAfter, StopTemplate.Length);
}
