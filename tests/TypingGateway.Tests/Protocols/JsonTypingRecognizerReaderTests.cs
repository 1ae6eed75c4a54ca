using System.Text;
using TypingGateway.Protocols;
using TypingGateway.Protocols.Json;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// The forward-only read of <see cref="JsonTypingRecognizer"/> (<see cref="JsonPointerSet"/>) gives the document-based
/// reading's answer for pointers into objects and arrays, the whole document, pointer and request keys, and thousands of
/// hostile mutations; the connection's key is reused.
/// </summary>
[Trait("Area", "Protocols")]
public sealed class JsonTypingRecognizerReaderTests
{
    private const string Typing = """{"type":"typing","guestId":"g-1","timestamp":1700000000000}""";

    public static TheoryData<string, string, string, string> Frames => new()
    {
        { "/type", "pointer:/guestId", Typing, "" },
        { "/type", "pointer:/guestId", Typing.Replace("typing", "stopped", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", Typing.Replace("typing", "message", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", Typing.Replace("\"g-1\"", "42", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", Typing.Replace("\"g-1\"", "\"=42\"", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", Typing.Replace("\"g-1\"", "\"\"", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", Typing.Replace("\"g-1\"", "{\"a\":1}", StringComparison.Ordinal), "" },
        { "/type", "pointer:/guestId", """{"type":true,"guestId":"g"}""", "" },
        { "/type", "pointer:/guestId", """{"type":"typ\u0069ng","guestId":"g"}""", "" },
        { "/type", "pointer:/guestId", """{"type":"typing","guestId":"g","type":"typing"}""", "" },
        { "/type", "pointer:/guestId", """{"type":"typing","guestId":"g","x":{"y":1,"y":2}}""", "" },
        { "/type", "pointer:/guestId", """[{"type":"typing","guestId":"g"}]""", "" },
        { "/type", "pointer:/guestId", """ {"type":"typing","guestId":"g"}""", "" },
        { "/events/1/kind", "pointer:/who/id", """{"events":[{"kind":"x"},{"kind":"typing"}],"who":{"id":"w"}}""", "" },
        { "/events/1/kind", "pointer:/who/id", """{"events":{"1":{"kind":"typing"}},"who":{"id":"w"}}""", "" },
        { "/events/01/kind", "pointer:/who/id", """{"events":[{"kind":"x"},{"kind":"typing"}],"who":{"id":"w"}}""", "" },
        { "/events/2/kind", "pointer:/who/id", """{"events":[{"kind":"x"},{"kind":"typing"}],"who":{"id":"w"}}""", "" },
        { "/a~1b", "query:session", """{"a/b":"typing"}""", "?session=s1" },
        { "/a~1b", "query:session", """{"a/b":"typing"}""", "" },
        { "", "query:session", "\"typing\"", "?session=s1" },
        { "", "query:session", "true", "?session=s1" },
        { "", "query:session", "{\"type\":\"typing\"}", "?session=s1" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Recognize_SameAsTheDocument(string path, string key, string frame, string query)
    {
        var recognizer = Create(path, key, out var values);
        AssertSame(recognizer, Encoding.UTF8.GetBytes(frame), query, values);
    }

    [Theory]
    [InlineData("/type", 1)]
    [InlineData("/type", 2)]
    [InlineData("", 3)]
    public void Recognize_HostileMutations_SameAsTheDocument(string path, int seed)
    {
        var recognizer = Create(path, "pointer:/guestId", out var values);
        var random = new Random(seed);
        string[] templates = path.Length == 0 ? ["\"typing\"", "\"stopped\"", "true"] : [Typing, Typing.Replace("typing", "stopped", StringComparison.Ordinal)];
        for (var i = 0; i < 4_000; i++)
        {
            AssertSame(recognizer, RecognizerFuzzTests.Mutate(templates[random.Next(templates.Length)], random), "", values, $"case {i}");
        }
    }

    [Fact]
    public void Recognize_SameGuestTwice_TheConnectionsKeyReused()
    {
        var recognizer = Create("/type", "pointer:/guestId", out _);
        var context = Context("");
        var first = recognizer.Recognize(Encoding.UTF8.GetBytes(Typing), context);
        var again = recognizer.Recognize(Encoding.UTF8.GetBytes(Typing.Replace("typing", "stopped", StringComparison.Ordinal)), context);

        Assert.Same(first.Key!.Value.Id, again.Key!.Value.Id);
    }

    private static JsonTypingRecognizer Create(string path, string key, out string values)
    {
        Assert.True(JsonPointer.TryParse(path, out var parsed));
        Assert.True(KeySource.TryParse(key, out var source));
        values = "typing|stopped|message";
        return new JsonTypingRecognizer("json-profile", parsed, ["typing", "true"], ["stopped"], ["message"], [source]);
    }

    private static void AssertSame(JsonTypingRecognizer recognizer, byte[] frame, string query, string values, string? what = null)
    {
        var expected = recognizer.RecognizeDocument(frame, Context(query));
        var actual = recognizer.Recognize(frame, Context(query));
        Assert.True(expected == actual, $"{what} {Encoding.UTF8.GetString(frame)} {query} ({values}): document {expected}, reader {actual}");
    }

    private static TypingContext Context(string query)
    {
        var parsed = System.Web.HttpUtility.ParseQueryString(query);
        return new TypingContext(name => string.IsNullOrEmpty(parsed[name]) ? null : parsed[name], _ => null, _ => null);
    }
}
