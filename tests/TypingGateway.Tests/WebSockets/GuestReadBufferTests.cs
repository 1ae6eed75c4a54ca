using System.Threading.Tasks.Sources;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The guest reader's pooled buffer alone: what is read lands after what is buffered, the leftover moves to the front
/// before the next read, copies and skips stop at their limit, and the array is not given back while a read may still
/// write into it.
/// </summary>
public sealed class GuestReadBufferTests
{
    [Fact]
    public void GetReadMemory_FirstRead_RentsAtLeastTheSize()
    {
        var buffer = new GuestReadBuffer(100);

        var memory = buffer.GetReadMemory();

        Assert.True(buffer.IsRented);
        Assert.True(buffer.IsEmpty);
        Assert.True(memory.Length >= 100, $"{memory.Length} bytes to read into");
    }

    [Fact]
    public void GetReadMemory_AfterPartialConsume_MovesTheLeftoverToTheFront()
    {
        var buffer = new GuestReadBuffer(16);
        var first = buffer.GetReadMemory();
        Fill(buffer, first, [1, 2, 3, 4, 5, 6]);
        var copied = new byte[4];
        Assert.Equal(4, buffer.CopyTo(copied, long.MaxValue));

        var second = buffer.GetReadMemory();

        Assert.Equal(first.Length - 2, second.Length); // the two leftover bytes now sit at the front
        Assert.Equal(new byte[] { 5, 6 }, buffer.Buffered.ToArray());
        Fill(buffer, second, [7, 8]);
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, buffer.Buffered.ToArray());
    }

    [Fact]
    public void CopyTo_LimitAndDestination_CopiesTheLeastAndConsumesIt()
    {
        var buffer = new GuestReadBuffer(16);
        Fill(buffer, buffer.GetReadMemory(), [1, 2, 3, 4, 5, 6, 7, 8]);
        var destination = new byte[5];

        Assert.Equal(3, buffer.CopyTo(destination, limit: 3));
        Assert.Equal(new byte[] { 1, 2, 3, 0, 0 }, destination);
        Assert.Equal(5, buffer.Length);

        Assert.Equal(5, buffer.CopyTo(destination, limit: 100));
        Assert.Equal(new byte[] { 4, 5, 6, 7, 8 }, destination);
        Assert.True(buffer.IsEmpty);

        Assert.Equal(0, buffer.CopyTo(destination, limit: 100));
    }

    [Fact]
    public void Skip_MoreThanBuffered_DropsWhatIsThere()
    {
        var buffer = new GuestReadBuffer(16);
        Fill(buffer, buffer.GetReadMemory(), [1, 2, 3, 4, 5]);

        Assert.Equal(2, buffer.Skip(2));
        Assert.Equal(new byte[] { 3, 4, 5 }, buffer.Buffered.ToArray());
        Assert.Equal(3, buffer.Skip(long.MaxValue));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Rewind_Emptied_NextReadStartsAtTheFront()
    {
        var buffer = new GuestReadBuffer(16);
        var first = buffer.GetReadMemory();
        Fill(buffer, first, [1, 2, 3]);
        buffer.Skip(3);

        buffer.Rewind();

        Assert.Equal(first.Length, buffer.GetReadMemory().Length);
    }

    [Fact]
    public void Release_NoReadPending_DropsTheBytesAndTheArray()
    {
        var buffer = new GuestReadBuffer(16);
        Fill(buffer, buffer.GetReadMemory(), [1, 2, 3]);

        buffer.Release(new GuestReadWait());

        Assert.False(buffer.IsRented);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Release_RealReadPending_ArrayNotReturnedToThePoolWhileTheReadIsPending()
    {
        // A returned array is rented again at once by the same thread (the pool's per-thread slot): while the read is
        // pending, the next rent of the same size on this thread must get another array. (That the wait returns it once the
        // read ends is not asserted: which rent gets it back depends on the pool's trimming and on the completing thread.)
        var buffer = new GuestReadBuffer(16);
        var array = ArrayOf(buffer.GetReadMemory());
        var wait = new GuestReadWait();
        var read = new PendingRead();
        wait.Start(read.Task, isProbe: false);

        buffer.Release(wait);
        var rentedWhilePending = System.Buffers.ArrayPool<byte>.Shared.Rent(array.Length);
        read.Complete(3);

        Assert.False(buffer.IsRented);
        Assert.NotSame(array, rentedWhilePending);
        System.Buffers.ArrayPool<byte>.Shared.Return(rentedWhilePending);
    }

    private static void Fill(GuestReadBuffer buffer, Memory<byte> memory, byte[] bytes)
    {
        bytes.CopyTo(memory);
        buffer.Advance(bytes.Length);
    }

    private static byte[] ArrayOf(Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    /// <summary>A real read that completes when the test says so, on the test's thread.</summary>
    private sealed class PendingRead : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };

        public ValueTask<int> Task => new(this, _core.Version);

        public void Complete(int result) => _core.SetResult(result);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
