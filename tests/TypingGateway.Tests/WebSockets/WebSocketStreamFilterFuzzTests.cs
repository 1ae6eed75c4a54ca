using System.Diagnostics;
using System.Text;
using TypingGateway.WebSockets;
using Xunit.Abstractions;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// Random frame streams cut at random points, with gateway frames queued at random moments. Fixed seeds:
/// a failure names its case and reproduces.
/// </summary>
public sealed class WebSocketStreamFilterFuzzTests(ITestOutputHelper output)
{
    private const int InspectionLimit = 64;
    private const int ReadCases = 3000;
    private const int WriteCases = 3000;
    private const int ConcurrentCases = 300;
    private const int MaxInjectionsPerCase = 12;
    private static readonly int[] _maxChunks = [1, 2, 3, 7, 16, 100, 4096];

    [Fact]
    public async Task ReadAsync_RandomStreamsCutAnywhere_TypingDroppedRestByteIdenticalInjectionsAtFirstBoundary()
    {
        var watch = Stopwatch.StartNew();
        var injected = 0;
        for (var index = 0; index < ReadCases; index++)
        {
            injected += await RunReadCaseAsync(index);
        }

        output.WriteLine($"{ReadCases} read cases in {watch.ElapsedMilliseconds} ms, {injected} gateway frames placed");
        Assert.True(injected > ReadCases / 2, "the cases must exercise injection");
    }

    [Fact]
    public async Task WriteAsync_RandomStreamsCutAnywhere_ByteIdenticalInjectionsAtFirstBoundary()
    {
        var watch = Stopwatch.StartNew();
        var injected = 0;
        for (var index = 0; index < WriteCases; index++)
        {
            injected += await RunWriteCaseAsync(index);
        }

        output.WriteLine($"{WriteCases} write cases in {watch.ElapsedMilliseconds} ms, {injected} gateway frames placed");
        Assert.True(injected > WriteCases / 2, "the cases must exercise injection");
    }

    [Fact]
    public async Task ReadAsync_InjectionsRacingTheReader_OnlyAtBoundariesInOrderNothingElseChanged()
    {
        var watch = Stopwatch.StartNew();
        var injected = 0;
        for (var index = 0; index < ConcurrentCases; index++)
        {
            injected += await RunConcurrentReadCaseAsync(index);
        }

        output.WriteLine($"{ConcurrentCases} concurrent read cases in {watch.ElapsedMilliseconds} ms, {injected} gateway frames placed");
        Assert.True(injected > ConcurrentCases / 2, "the cases must exercise injection");
    }

    private static async Task<int> RunReadCaseAsync(int index)
    {
        var random = new Random(index);
        var fuzzCase = new FuzzStreamBuilder(random, WebSocketFrameDirection.ClientToServer, InspectionLimit).Build(allowHuge: index % 10 == 0);
        var (minChunk, maxChunk) = ChunkRange(random, fuzzCase);
        var asynchronous = index % 4 == 0;
        var inner = new ScriptedStream(fuzzCase.Input, _ => random.Next(minChunk, maxChunk + 1), asynchronous ? () => random.Next(3) == 0 : null);
        var inspector = new RecordingInspector(yieldFirst: index % 8 == 1);
        await using var filter = new WebSocketStreamFilter(inner, inspector, new WebSocketFilterOptions { InspectionLimit = InspectionLimit });

        var received = new List<byte>();
        var accepted = new List<(string Payload, int OutputLength)>();
        var attempts = 0;
        var buffer = new byte[maxChunk + 16];
        while (true)
        {
            // Bounded: gateway frames go out before waiting guest bytes, so an endless supply would starve the guest.
            if (attempts < MaxInjectionsPerCase && random.Next(6) == 0)
            {
                attempts++;
                var payload = $$"""{"gw":{{accepted.Count}}}""";
                if (filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(payload)))
                {
                    accepted.Add((payload, received.Count));
                }
            }

            if (random.Next(5) == 0)
            {
                // As YARP's copy loop does: a zero-byte read, then at once a real one.
                Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));
            }

            var read = await filter.ReadAsync(buffer.AsMemory(0, random.Next(minChunk, maxChunk + 1)));
            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read));
            Assert.True(received.Count <= fuzzCase.Expected.Length + (accepted.Count * 64), $"case {index}: more output than input; {fuzzCase.Description}");
        }

        var bytes = received.ToArray();
        var (positions, injected) = InjectionWalk.Locate(fuzzCase, bytes, accepted.ConvertAll(a => a.Payload), masked: true);
        AssertInjectedAtFirstBoundary(fuzzCase, accepted, positions, injected, index);
        Assert.Equal(fuzzCase.Inspected, inspector.Seen);
        Assert.Equal(fuzzCase.Dropped, filter.FramesDropped);
        Assert.Equal(fuzzCase.Inspected.Count, filter.FramesInspected);
        Assert.Equal(positions.Count, filter.FramesInjectedToUpstream);
        return positions.Count;
    }

    private static async Task<int> RunWriteCaseAsync(int index)
    {
        var random = new Random(1_000_000 + index);
        var fuzzCase = new FuzzStreamBuilder(random, WebSocketFrameDirection.ServerToClient, InspectionLimit).Build(allowHuge: index % 10 == 0);
        var (minChunk, maxChunk) = ChunkRange(random, fuzzCase);
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        var accepted = new List<(string Payload, int OutputLength)>();
        var written = 0;
        while (true)
        {
            if (random.Next(4) == 0)
            {
                var payload = $$"""{"gw":{{accepted.Count}}}""";
                if (filter.TryInjectToGuest(Encoding.UTF8.GetBytes(payload)))
                {
                    // Everything this side does completes synchronously, so what was written is known exactly.
                    accepted.Add((payload, (int)inner.Written.Length));
                }
            }

            if (written == fuzzCase.Input.Length)
            {
                break;
            }

            var count = Math.Min(random.Next(minChunk, maxChunk + 1), fuzzCase.Input.Length - written);
            await filter.WriteAsync(fuzzCase.Input.AsMemory(written, count));
            written += count;
        }

        var (positions, injected) = InjectionWalk.Locate(fuzzCase, inner.Written.ToArray(), accepted.ConvertAll(a => a.Payload), masked: false);
        AssertInjectedAtFirstBoundary(fuzzCase, accepted, positions, injected, index);
        Assert.Equal(positions.Count, filter.FramesInjectedToGuest);
        return positions.Count;
    }

    private static async Task<int> RunConcurrentReadCaseAsync(int index)
    {
        var random = new Random(2_000_000 + index);
        var fuzzCase = new FuzzStreamBuilder(random, WebSocketFrameDirection.ClientToServer, InspectionLimit).Build(allowHuge: false);
        var chunkRandom = new Random(index);
        var inner = new ScriptedStream(fuzzCase.Input, _ => chunkRandom.Next(1, 40), () => true);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions { InspectionLimit = InspectionLimit });

        using var done = new CancellationTokenSource();
        var accepted = new List<string>();
        var injector = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested && accepted.Count < MaxInjectionsPerCase)
            {
                var payload = $$"""{"gw":{{accepted.Count}}}""";
                if (filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(payload)))
                {
                    accepted.Add(payload);
                }

                await Task.Yield();
            }
        });

        var received = new List<byte>();
        var buffer = new byte[64];
        int read;
        while ((read = await filter.ReadAsync(buffer.AsMemory(0, 1 + (received.Count % 64)))) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        await done.CancelAsync();
        await injector;

        var (positions, _) = InjectionWalk.Locate(fuzzCase, received.ToArray(), accepted, masked: true);
        Assert.Equal(positions.Count, filter.FramesInjectedToUpstream);
        return positions.Count;
    }

    /// <summary>Each accepted gateway frame sits at the first boundary at or after the point it was queued, or nowhere if there is none.</summary>
    private static void AssertInjectedAtFirstBoundary(FuzzCase fuzzCase, List<(string Payload, int OutputLength)> accepted, List<int> positions, bool[] injected, int index)
    {
        for (var k = 0; k < accepted.Count; k++)
        {
            var queuedAt = InjectionWalk.ExpectedBytesBefore(injected, accepted[k].OutputLength);
            var expected = fuzzCase.BoundaryAtOrAfter(queuedAt);
            int? actual = k < positions.Count ? positions[k] : null;
            Assert.True(expected == actual, $"case {index}: gateway frame {k} queued at {queuedAt} expected at {expected?.ToString() ?? "none"}, found at {actual?.ToString() ?? "none"}; {fuzzCase.Description}");
        }
    }

    private static (int Min, int Max) ChunkRange(Random random, FuzzCase fuzzCase)
    {
        var max = _maxChunks[random.Next(_maxChunks.Length)];
        return fuzzCase.HasHugeFrame ? (512, Math.Max(max, 4096)) : (1, max);
    }
}
