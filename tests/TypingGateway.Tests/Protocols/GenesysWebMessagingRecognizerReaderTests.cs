using System.Text;
using TypingGateway.Protocols;
using TypingGateway.Protocols.Genesys;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// The forward-only read of <see cref="GenesysWebMessagingRecognizer"/> gives the document-based reading's answer on
/// everything: real frames, the escapes, duplicates and bad bytes it hands over or handles in place, and thousands of
/// hostile mutations of real frames.
/// </summary>
[Trait("Area", "Protocols")]
public sealed class GenesysWebMessagingRecognizerReaderTests
{
    private const string Typing = """{"token":"tok","tracingId":"x","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";
    private const string Text = """{"token":"tok","message":{"text":"hello","type":"Text"},"tracingId":"t","action":"onMessage"}""";

    private readonly GenesysWebMessagingRecognizer _recognizer = new("genesys-webmessaging");

    public static TheoryData<string> Frames => new()
    {
        Typing,
        Text,
        """{"action":"onMessage","token":"tok","message":{"type":"Event","events":[{"eventType":"Presence"},{"eventType":"Typing"}]}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Event","events":[{"eventType":"Presence"}]}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Event","events":{"eventType":"Typing"}}}""",
        """{"action":"onMessage","token":"tok","message":{"events":[{"eventType":"Typing"}]}}""",
        """{"action":"onMessage","token":"tok","message":{"type":7}}""",
        """{"action":"onMessage","token":"tok","message":"Text"}""",
        """{"action":"configureSession","token":"tok","deploymentId":"d"}""",
        """{"action":"on\u004dessage","token":"tok","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"t\u006fk","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"\ud83d","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"\ud83d"}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Te\u0078t"}}""",
        """{"\u0061ction":"onMessage","token":"tok","message":{"type":"Text"}}""",
        """{"action":"onMessage","action":"onMessage","token":"tok","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Text","type":"Event"}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Text"},"x":{"a":1,"a":2}}""",
        """{"action":"onMessage","\u0061ction":"x","token":"tok","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":5,"message":{"type":"Text"}}""",
        """{"action":"onMessage","message":{"type":"Text"}}""",
        """ {"action":"onMessage","token":"tok","message":{"type":"Text"}}""",
        """{"action":"onMessage","token":"tok","message":{"type":"Text"}} x""",
        """{"action":"onMessage","token":"tok","message":{"type":"Text"}""",
        """[{"action":"onMessage","token":"tok","message":{"type":"Text"}}]""",
        "",
        "{}",
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Recognize_SameAsTheDocument(string frame) => AssertSame(Encoding.UTF8.GetBytes(frame));

    [Fact]
    public void Recognize_InvalidUtf8InTokenAndType_SameAsTheDocument()
    {
        AssertSame(Bytes("""{"action":"onMessage","token":"t""", [0xFF], """k","message":{"type":"Text"}}"""));
        AssertSame(Bytes("""{"action":"onMessage","token":"tok","message":{"type":"Te""", [0xC0, 0x80], """xt"}}"""));
        AssertSame(Bytes("""{"action":"onMessage","token":"tok","message":{"type":"Text","x":""", [0xED, 0xA0, 0x80], "\"}}"));
    }

    [Fact]
    public void Recognize_MoreNamesThanTheStackBuffer_SameAsTheDocument()
    {
        var names = string.Join(',', Enumerable.Range(0, JsonNameSet.Capacity + 5).Select(i => $"\"k{i}\":{i}"));
        AssertSame(Encoding.UTF8.GetBytes("{" + names + ""","action":"onMessage","token":"tok","message":{"type":"Text"}}"""));
        AssertSame(Encoding.UTF8.GetBytes("{" + names + ",\"k0\":1,\"action\":\"onMessage\",\"token\":\"tok\",\"message\":{\"type\":\"Text\"}}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Recognize_HostileMutations_SameAsTheDocument(int seed)
    {
        var random = new Random(seed);
        var inPlace = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var frame = RecognizerFuzzTests.Mutate(random.Next(2) == 0 ? Typing : Text, random);
            AssertSame(frame, $"case {i}");
            inPlace += GenesysWebMessagingRecognizer.ReadsInPlace(frame) ? 1 : 0;
        }

        // Most hostile cases are answered by the forward-only read itself, not handed to the document.
        Assert.True(inPlace > 3_000, $"{inPlace} of 4000 read in place");
    }

    [Fact]
    public void Recognize_SameTokenTwice_TheConnectionsKeyReused_AnotherTokenItsOwn()
    {
        var context = Context();
        var first = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing), context);
        var again = _recognizer.Recognize(Encoding.UTF8.GetBytes(Text), context);
        var other = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing.Replace("\"tok\"", "\"tok2\"", StringComparison.Ordinal)), context);

        Assert.Equal(first.Key, again.Key);
        Assert.Same(first.Key!.Value.Id, again.Key!.Value.Id);
        Assert.NotEqual(first.Key, other.Key);
        Assert.Equal(_recognizer.RecognizeDocument(Encoding.UTF8.GetBytes(Typing), Context()), first);
    }

    private void AssertSame(byte[] frame, string? what = null)
    {
        var expected = _recognizer.RecognizeDocument(frame, Context());
        var actual = _recognizer.Recognize(frame, Context());
        Assert.True(expected == actual, $"{what} {Encoding.UTF8.GetString(frame)}: document {expected}, reader {actual}");
    }

    private static TypingContext Context() => new(q => q == "deploymentId" ? "dep" : null, _ => null, _ => null);

    private static byte[] Bytes(string before, byte[] middle, string after) => [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
