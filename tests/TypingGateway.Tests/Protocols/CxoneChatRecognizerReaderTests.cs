using System.Text;
using TypingGateway.Protocols;
using TypingGateway.Protocols.CXone;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// The forward-only read of <see cref="CxoneChatRecognizer"/> gives the document-based reading's answer (kind and key) on
/// real frames, edge cases of the key's sources, and thousands of hostile mutations; the connection's key is reused.
/// </summary>
[Trait("Area", "Protocols")]
public sealed class CxoneChatRecognizerReaderTests
{
    private const string Typing = """{"action":"chatWindowEvent","eventId":"e-1","payload":{"eventType":"SenderTypingStarted","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c-1"},"data":{"thread":{"idOnExternalPlatform":"t-1"}},"destination":{},"visitor":{"id":"v-1"},"visit":{}}}""";

    private readonly CxoneChatRecognizer _recognizer = new("cxone-chat");

    public static TheoryData<string, string> Frames => new()
    {
        { Typing, "" },
        { Typing.Replace("SenderTypingStarted", "SendMessage", StringComparison.Ordinal), "" },
        { Typing.Replace("SenderTypingStarted", "SenderTypingEnded", StringComparison.Ordinal), "" },
        { Typing.Replace("SenderTypingStarted", "SendMessagePreview", StringComparison.Ordinal), "" },
        { Typing.Replace("SenderTypingStarted", "LoadMoreMessages", StringComparison.Ordinal), "" },
        { Typing.Replace("chatWindowEvent", "register", StringComparison.Ordinal), "" },
        { Typing.Replace("chatWindowEvent", "other", StringComparison.Ordinal), "" },
        { Typing.Replace("\"v-1\"", "\"\"", StringComparison.Ordinal), "" },
        { Typing.Replace("\"v-1\"", "\"\"", StringComparison.Ordinal), "?visitorId=qv" },
        { Typing.Replace("\"v-1\"", "null", StringComparison.Ordinal), "?customerId=qc" },
        { Typing.Replace("\"v-1\"", "{}", StringComparison.Ordinal), "" },
        { Typing.Replace("1234", "\"1234\"", StringComparison.Ordinal), "" },
        { Typing.Replace("1234", "true", StringComparison.Ordinal), "" },
        { Typing.Replace("1234", "-0", StringComparison.Ordinal), "" },
        { Typing.Replace("{\"id\":1234}", "1234", StringComparison.Ordinal), "?brandId=99" },
        { Typing.Replace("{\"id\":1234}", "1234", StringComparison.Ordinal), "" },
        { Typing.Replace("\"chat_1\"", "\"ch\\u0061t\"", StringComparison.Ordinal), "" },
        { Typing.Replace("\"v-1\"", "\"\\ud83d\"", StringComparison.Ordinal), "" },
        { Typing.Replace("\"id\":\"v-1\"", "\"id\":\"v-1\",\"id\":\"v-2\"", StringComparison.Ordinal), "" },
        { """{"action":"chatWindowEvent","payload":{"eventType":"SenderTypingStarted"}}""", "?brandId=1&channelId=c&visitorId=v" },
        { """{"action":"chatWindowEvent","payload":{"eventType":"SenderTypingStarted"}}""", "" },
        { """{"action":"chatWindowEvent","payload":"x"}""", "?brandId=1&channelId=c&visitorId=v" },
        { """{"payload":{"eventType":"SenderTypingStarted"}}""", "?brandId=1&channelId=c&visitorId=v" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Recognize_SameAsTheDocument(string frame, string query) => AssertSame(Encoding.UTF8.GetBytes(frame), query);

    [Theory]
    [InlineData(1, "")]
    [InlineData(2, "?brandId=9&channelId=q&visitorId=qv")]
    [InlineData(3, "?customerId=qc")]
    public void Recognize_HostileMutations_SameAsTheDocument(int seed, string query)
    {
        var random = new Random(seed);
        for (var i = 0; i < 4_000; i++)
        {
            var template = random.Next(2) == 0 ? Typing : Typing.Replace("SenderTypingStarted", "SendMessage", StringComparison.Ordinal);
            AssertSame(RecognizerFuzzTests.Mutate(template, random), query, $"case {i}");
        }
    }

    [Fact]
    public void Recognize_SameGuestTwice_TheConnectionsKeyReused()
    {
        var context = Context("");
        var first = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing), context);
        var again = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing.Replace("SenderTypingStarted", "SendMessage", StringComparison.Ordinal)), context);
        var other = _recognizer.Recognize(Encoding.UTF8.GetBytes(Typing.Replace("\"v-1\"", "\"v-2\"", StringComparison.Ordinal)), context);

        Assert.Same(first.Key!.Value.Id, again.Key!.Value.Id);
        Assert.NotEqual(first.Key, other.Key);
    }

    private void AssertSame(byte[] frame, string query, string? what = null)
    {
        var expected = _recognizer.RecognizeDocument(frame, Context(query));
        var actual = _recognizer.Recognize(frame, Context(query));
        Assert.True(expected == actual, $"{what} {Encoding.UTF8.GetString(frame)} {query}: document {expected}, reader {actual}");
    }

    private static TypingContext Context(string query)
    {
        var values = System.Web.HttpUtility.ParseQueryString(query);
        return new TypingContext(name => string.IsNullOrEmpty(values[name]) ? null : values[name], _ => null, _ => null);
    }
}
