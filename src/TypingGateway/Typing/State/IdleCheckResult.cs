namespace TypingGateway.Typing.State;

/// <summary>Outcome of an idle check for a profile that synthesizes stops.</summary>
/// <param name="Synthesize">True for exactly one caller per burst, across all instances: it must send the stop.</param>
/// <param name="RecheckAfter">When still typing but not idle long enough: check again after this long. Null: nothing to wait for.</param>
internal readonly record struct IdleCheckResult(bool Synthesize, TimeSpan? RecheckAfter)
{
    public static IdleCheckResult Nothing => new(false, null);
}
