using BenchmarkDotNet.Attributes;
using TypingGateway.Benchmarks.Infrastructure;
using TypingGateway.Typing;
using TypingGateway.WebSockets;

namespace TypingGateway.Benchmarks;

/// <summary>
/// The upstream → guest direction of <see cref="WebSocketStreamFilter"/> on a Genesys typing route: the proxy's
/// writes pass through, the filter tracks frame boundaries (for the gateway's own frames to the guest) on the way.
/// </summary>
[MemoryDiagnoser]
public class GuestWriteBenchmarks
{
    /// <summary>Frames per benchmark invocation: the reported ns and bytes are divided by it.</summary>
    public const int FramesPerInvoke = 1_000;

    private readonly byte[] _serverFrame = WireFrames.Server(WebSocketOpcode.Text, WirePayloads.GenesysAgentText);
    private DiscardingStream _guest = null!;
    private TypingRoute _route = null!;

    [GlobalSetup]
    public void Setup()
    {
        _guest = new DiscardingStream();
        _route = new TypingRoute(_guest, TypingProfiles.GenesysWebMessaging, "?deploymentId=" + WirePayloads.GenesysDeploymentId);
        ServerTextPassThrough();
        if (_guest.BytesWritten != (long)FramesPerInvoke * _serverFrame.Length)
        {
            throw new InvalidOperationException($"{_guest.BytesWritten} bytes reached the guest.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _route.Dispose();

    /// <summary>200-byte Genesys agent text frames (StructuredMessage, Outbound), one proxy write per frame, as YARP writes what each upstream read returned.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public void ServerTextPassThrough()
    {
        var filter = _route.Filter;
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            var write = filter.WriteAsync(_serverFrame);
            if (!write.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("A write to a guest that takes every byte at once should complete at once.");
            }

            write.GetAwaiter().GetResult();
        }
    }
}
