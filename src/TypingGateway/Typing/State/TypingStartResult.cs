namespace TypingGateway.Typing.State;

/// <summary>A typing-start's decision and how long further starts of the key will be suppressed.</summary>
/// <param name="Decision">Forward or suppress this start.</param>
/// <param name="SuppressFor">
/// From now, how long every further start is suppressed unless a stop, message or idle stop ends the burst:
/// the rest of the start interval, <see cref="Timeout.InfiniteTimeSpan"/> for a profile without refresh,
/// <see cref="TimeSpan.Zero"/> when the next start may already be forwarded.
/// </param>
internal readonly record struct TypingStartResult(TypingDecision Decision, TimeSpan SuppressFor);
