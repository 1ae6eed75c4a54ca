namespace TypingGateway.Typing.State;

/// <summary>The outcome of one <see cref="TypingStateMachine"/> step: the state to store and the answer for the caller.</summary>
/// <param name="Next">The state after the step.</param>
/// <param name="Result">What the caller is told.</param>
/// <param name="Write">True when the store must save <paramref name="Next"/> and refresh the key's TTL; false: the state is unchanged.</param>
internal readonly record struct TypingTransition<TResult>(TypingState Next, TResult Result, bool Write);
