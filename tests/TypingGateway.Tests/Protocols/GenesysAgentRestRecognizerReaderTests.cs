using System.Text;
using TypingGateway.Protocols;
using TypingGateway.Protocols.Genesys;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// The forward-only read of <see cref="GenesysAgentRestRecognizer"/> gives the document-based reading's answer on
/// everything: real bodies, the escapes, duplicates and bad bytes it hands over or handles in place, and thousands of
/// hostile mutations of a real body; the request context's key is built once.
/// </summary>
[Trait("Area", "Protocols")]
public sealed class GenesysAgentRestRecognizerReaderTests
{
    private const string Typing = """{"typing":{"type":"On","duration":5000},"dateSent":"2024-01-01T00:00:00.000Z"}""";

    private readonly GenesysAgentRestRecognizer _recognizer = new("genesys-agent-rest");

    public static TheoryData<string> Bodies => new()
    {
        Typing,
        """{"typing":{"type":"On"}}""",
        """{"dateSent":"x","typing":{"duration":5000,"type":"On"}}""",
        """{"typing":{"type":"Off"}}""",
        """{"typing":{"type":"on"}}""",
        """{"typing":{"type":"On "}}""",
        """{"typing":{"type":1}}""",
        """{"typing":{"type":null}}""",
        """{"typing":{"type":{"type":"On"}}}""",
        """{"typing":{"duration":5000}}""",
        """{"typing":"On"}""",
        """{"type":"On"}""",
        """{"typing":[{"type":"On"}]}""",
        """{"typing":{},"type":"On"}""",
        """{"x":{"typing":{"type":"On"}}}""",
        """{"typing":{"type":"\u004fn"}}""",
        """{"typing":{"type":"\ud83d"}}""",
        """{"typing":{"type":"On"},"text":"\ud83d"}""",
        """{"typing":{"type":"On"},"te\u0078t":1}""",
        """{"typ\u0069ng":{"type":"On"}}""",
        """{"typing":{"t\u0079pe":"On"}}""",
        """{"\ud83d":1,"typing":{"type":"On"}}""",
        """{"typing":{"type":"On","type":"On"}}""",
        """{"typing":{"type":"Off","type":"On"}}""",
        """{"typing":{"type":"On"},"typing":{"type":"On"}}""",
        """{"typing":{"type":"On"},"x":{"a":1,"a":2}}""",
        """{"typing":{"type":"On"},"typ\u0069ng":1}""",
        """ {"typing":{"type":"On"}}""",
        """{"typing":{"type":"On"}} x""",
        """{"typing":{"type":"On"}""",
        """[{"typing":{"type":"On"}}]""",
        "",
        "{}",
        "null",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Recognize_SameAsTheDocument(string body) => AssertSame(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Recognize_InvalidUtf8InTypeAndElsewhere_SameAsTheDocument()
    {
        AssertSame(Bytes("""{"typing":{"type":"O""", [0xFF], "n\"}}"));
        AssertSame(Bytes("{\"typing\":{\"type\":\"On\"},\"x\":\"", [0xC0, 0x80], "\"}"));
        AssertSame(Bytes("{\"typing\":{\"type\":\"On\"},\"x\":\"", [0xED, 0xA0, 0x80], "\"}"));
    }

    [Fact]
    public void Recognize_MoreNamesThanTheStackBuffer_SameAsTheDocument()
    {
        var names = string.Join(',', Enumerable.Range(0, JsonNameSet.Capacity + 5).Select(i => $"\"k{i}\":{i}"));
        AssertSame(Encoding.UTF8.GetBytes("{" + names + ""","typing":{"type":"On"}}"""));
        AssertSame(Encoding.UTF8.GetBytes("{" + names + ""","k0":1,"typing":{"type":"On"}}"""));
    }

    [Fact]
    public void Recognize_NestedToTheLimitAndBeyond_SameAsTheDocument()
    {
        foreach (var depth in new[] { 30, 31, 32, 33 })
        {
            AssertSame(Encoding.UTF8.GetBytes("""{"typing":{"type":"On"},"x":""" + new string('[', depth) + new string(']', depth) + "}"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Recognize_HostileMutations_SameAsTheDocument(int seed)
    {
        var random = new Random(seed);
        var inPlace = 0;
        var starts = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var body = RecognizerFuzzTests.Mutate(Typing, random);
            var signal = AssertSame(body, $"case {i}");
            inPlace += GenesysAgentRestRecognizer.ReadsInPlace(body) ? 1 : 0;
            starts += signal.Kind == TypingSignalKind.Start ? 1 : 0;
        }

        // Most hostile cases are answered by the forward-only read itself, not handed to the document; and the
        // mutations leave enough bodies recognised that a reader answering "not typing" to everything would fail.
        Assert.True(inPlace > 3_000, $"{inPlace} of 4000 read in place");
        Assert.True(starts > 400, $"{starts} of 4000 recognised");
    }

    [Fact]
    public void Recognize_SameContextTwice_TheKeyBuiltOnce_AnotherRouteItsOwn()
    {
        var context = Context("conv-a");
        var first = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing), context);
        var again = _recognizer.Recognize(Encoding.UTF8.GetBytes("""{"typing":{"type":"On"}}"""), context);
        var other = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing), Context("conv-b"));

        Assert.Equal(TypingSignalKind.Start, first.Kind);
        Assert.Same(first.Key!.Value.Id, again.Key!.Value.Id);
        Assert.NotEqual(first.Key, other.Key);
        Assert.Equal(_recognizer.RecognizeDocument(Encoding.UTF8.GetBytes(Typing), Context("conv-a")), first);
    }

    private TypingSignal AssertSame(byte[] body, string? what = null)
    {
        var expected = _recognizer.RecognizeDocument(body, Context("conv"));
        var actual = _recognizer.Recognize(body, Context("conv"));
        Assert.True(expected == actual, $"{what} {Encoding.UTF8.GetString(body)}: document {expected}, reader {actual}");
        return actual;
    }

    private static TypingContext Context(string conversation) =>
        new(_ => null, name => name switch { "conversationId" => conversation, "communicationId" => "comm-1", _ => null }, _ => null);

    private static byte[] Bytes(string before, byte[] middle, string after) => [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
