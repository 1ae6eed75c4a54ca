using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

/// <summary>
/// A fake inner store: counts calls (the "round trips"), delegates to a real in-memory store, and can fail
/// every call or hold starts until released, to drive the decorators' failure and race paths.
/// </summary>
internal sealed class CountingTypingStateStore(InMemoryTypingStateStore inner) : ITypingStateStore
{
    private int _calls;
    private TaskCompletionSource? _startGate;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, every call throws it (as a Redis timeout or connection failure would).</summary>
    public Exception? Failure { get; set; }

    /// <summary>Holds every following start until <see cref="ReleaseStarts"/>.</summary>
    public void HoldStarts() => _startGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseStarts() => _startGate?.TrySetResult();

    public async ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        var result = await inner.StartAsync(key, tab, timings, stopTemplate, cancellationToken);
        if (_startGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return result;
    }

    public ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        return inner.StopAsync(key, tab, timings, cancellationToken);
    }

    public ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        return inner.LeaveAsync(key, tab, timings, cancellationToken);
    }

    public ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        return inner.MessageAsync(key, timings, cancellationToken);
    }

    public ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        Enter(cancellationToken);
        return inner.CheckIdleAsync(key, timings, cancellationToken);
    }

    private void Enter(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
