namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>The guest side of the upstream → guest direction: every write completes at once and its bytes are only counted.</summary>
internal sealed class DiscardingStream : BenchmarkStream
{
    public long BytesWritten { get; private set; }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BytesWritten += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
