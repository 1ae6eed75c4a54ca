using System.Text;
using TypingGateway.Protocols.Genesys;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The platform's rate-limit rejections spotted in the upstream → guest stream (<see cref="WebSocketFrameScanner"/> with a
/// <see cref="PlatformRejectionDetector"/>): once per text message carrying the marker in its first 512 bytes, whatever
/// the reads and frames it arrives in, never in binary messages, string values or control frames.
/// </summary>
[Trait("Area", "Telemetry")]
public sealed class PlatformRejectionDetectorTests
{
    private const string Rejection =
        """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":3,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";

    private static readonly ReadOnlyMemory<byte> _marker = new GenesysWebMessagingPlatform().RejectionMarker;

    [Fact]
    public void OneFrame_OneRejection() => Assert.Equal(1, Count(TextFrame(Rejection)));

    [Fact]
    public void EveryReadSplit_OneRejection()
    {
        var stream = TextFrame(Rejection);
        for (var split = 1; split < stream.Length; split++)
        {
            Assert.Equal(1, Count(stream, split));
        }
    }

    [Fact]
    public void ByteByByte_ThreeMessages_ThreeRejections()
    {
        var stream = Concat(TextFrame(Rejection), TextFrame("""{"type":"message","body":"hi"}"""), TextFrame(Rejection), TextFrame(Rejection));

        Assert.Equal(3, Count(stream, readSize: 1));
    }

    [Fact]
    public void FragmentedAcrossFramesWithAPingBetween_OneRejection()
    {
        var bytes = Encoding.UTF8.GetBytes(Rejection);
        var stream = Concat(
            Frame(0x01, bytes[..20]), // text, not final: the marker is cut after 20 bytes
            Frame(0x89, "ping"u8.ToArray()), // a ping between fragments
            Frame(0x80, bytes[20..])); // final continuation

        Assert.Equal(1, Count(stream, readSize: 7));
    }

    [Theory]
    [InlineData("""{"type":"message","class":"StructuredMessage","body":{"text":"say \"TooManyRequestsErrorMessage\" to me"}}""")]
    [InlineData("""{"type":"response","class":"TooManyRequestsErrorMessages","code":429}""")]
    [InlineData("""{"type":"message","body":{"text":"TooManyRequestsErrorMessage"}}""")]
    [InlineData("""{"type":"message","body":{"text":"\"class\":\"TooManyRequestsErrorMessage\""}}""")]
    [InlineData("""{"type":"response","class":"SessionResponse","code":200}""")]
    public void NotARejection_NotCounted(string text) => Assert.Equal(0, Count(TextFrame(text), readSize: 5));

    [Fact]
    public void SelfOverlappingMarker_CutByEveryRead_Found()
    {
        // "aab" in "xaaab": a read ending after "xaa" carries "aa"; the next 'a' fails it, but "a" still starts the match.
        var stream = TextFrame("xaaab");
        for (var split = 1; split < stream.Length; split++)
        {
            var found = 0;
            var scanner = new WebSocketFrameScanner(WebSocketFrameDirection.ServerToClient, new PlatformRejectionDetector("aab"u8.ToArray(), () => found++));
            scanner.Scan(stream.AsSpan(0, split), stopAtMessageBoundary: false);
            scanner.Scan(stream.AsSpan(split), stopAtMessageBoundary: false);
            Assert.True(found == 1, $"split at {split}");
        }
    }

    [Fact]
    public void BinaryMessage_NotCounted() => Assert.Equal(0, Count(Frame(0x82, Encoding.UTF8.GetBytes(Rejection))));

    [Fact]
    public void MarkerPastTheFirst512Bytes_NotLookedFor()
    {
        var late = "{\"pad\":\"" + new string('x', 520) + "\"," + Rejection[1..];

        Assert.Equal(0, Count(TextFrame(late)));
    }

    private static int Count(byte[] stream, int? readSize = null)
    {
        var found = 0;
        var scanner = new WebSocketFrameScanner(WebSocketFrameDirection.ServerToClient, new PlatformRejectionDetector(_marker, () => found++));
        var size = readSize ?? stream.Length;
        for (var offset = 0; offset < stream.Length; offset += size)
        {
            var chunk = stream.AsSpan(offset, Math.Min(size, stream.Length - offset));
            Assert.Equal(chunk.Length, scanner.Scan(chunk, stopAtMessageBoundary: false));
        }

        return found;
    }

    private static byte[] TextFrame(string text) => Frame(0x81, Encoding.UTF8.GetBytes(text));

    // An unmasked server frame (RFC 6455 §5.2) with a 7-bit or 16-bit length.
    private static byte[] Frame(byte first, byte[] payload)
    {
        var header = payload.Length < 126
            ? new[] { first, (byte)payload.Length }
            : [first, 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        return Concat(header, payload);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
