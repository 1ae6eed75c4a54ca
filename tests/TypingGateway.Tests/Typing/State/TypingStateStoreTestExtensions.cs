using TypingGateway.Typing.State;

namespace TypingGateway.Typing.State;

/// <summary>
/// The store calls of a signal that is not tracked per tab (an HTTP request, a profile without a stop), as most
/// store tests make them; the multi-tab contract tests call the store's own methods with a <see cref="TypingTab"/>.
/// </summary>
internal static class TypingStateStoreTestExtensions
{
    public static async ValueTask<TypingDecision> StartAsync(this ITypingStateStore store, TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        (await store.StartAsync(key, TypingTab.None, timings, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false)).Decision;

    public static ValueTask<TypingStartResult> StartWithWindowAsync(this ITypingStateStore store, TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        store.StartAsync(key, TypingTab.None, timings, ReadOnlyMemory<byte>.Empty, cancellationToken);

    public static ValueTask<TypingDecision> StopAsync(this ITypingStateStore store, TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        store.StopAsync(key, TypingTab.None, timings, cancellationToken);
}
