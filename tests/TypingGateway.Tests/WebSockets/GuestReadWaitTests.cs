using System.Threading.Tasks.Sources;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The reusable wait of the guest reader: a read completing on another thread while the reader arms the wait is never
/// lost (the bug a plain store would allow), a wake for a gateway frame leaves the read pending for the next wait, and
/// cancellation ends a wait.
/// </summary>
public sealed class GuestReadWaitTests
{
    [Fact]
    public async Task ReadCompletingWhileTheWaitArms_NeverLost()
    {
        var wait = new GuestReadWait();
        var source = new OneShotSource();
        for (var i = 0; i < 20_000; i++)
        {
            wait.Start(source.Next(), isProbe: false);
            var completer = Task.Run(() => source.Complete(i % 7)); // races the arming below
            var waiting = wait.WaitAsync(wakeOnFrame: false, CancellationToken.None).AsTask();
            var done = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(done == waiting, $"iteration {i}: the read completed and the wait never ended");
            Assert.True(await waiting);
            await completer;
            Assert.True(wait.TryTake(out var read, out _));
            Assert.Equal(i % 7, read);
        }
    }

    [Fact]
    public async Task WokenForAFrame_ReadStaysPendingForTheNextWait()
    {
        var wait = new GuestReadWait();
        var source = new OneShotSource();
        wait.Start(source.Next(), isProbe: true);

        var first = wait.WaitAsync(wakeOnFrame: true, CancellationToken.None).AsTask();
        wait.WakeForFrame();
        Assert.False(await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(wait.TryTake(out _, out _));

        var second = wait.WaitAsync(wakeOnFrame: false, CancellationToken.None).AsTask();
        wait.WakeForFrame(); // not asked for: ignored
        source.Complete(0);
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(wait.TryTake(out var read, out var probe));
        Assert.Equal((0, true), (read, probe));
    }

    [Fact]
    public async Task Cancelled_TheWaitEndsWithOperationCanceled()
    {
        var wait = new GuestReadWait();
        wait.Start(new OneShotSource().Next(), isProbe: false);
        using var cancellation = new CancellationTokenSource();

        var waiting = wait.WaitAsync(wakeOnFrame: false, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A read completed later from any thread, through a reusable source (as a socket's).</summary>
    private sealed class OneShotSource : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };

        public ValueTask<int> Next()
        {
            _core.Reset();
            return new ValueTask<int>(this, _core.Version);
        }

        public void Complete(int result) => _core.SetResult(result);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
