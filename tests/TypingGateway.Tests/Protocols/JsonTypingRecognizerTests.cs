using System.Text;
using System.Text.Json.Nodes;
using TypingGateway.Protocols;
using TypingGateway.Protocols.Json;

namespace TypingGateway.Tests.Protocols;

/// <summary>The tutorial WebSocket shape: <c>{"type":"typing","guestId":"…","timestamp":…}</c>.</summary>
public sealed class JsonTypingRecognizerTests : MessageRecognizerContractTests
{
    internal override ITypingRecognizer Recognizer { get; } = Create("/type", ["typing"], ["stopped_typing"], ["message"], "pointer:/guestId");

    protected override string StartOfGuestA => """{"type":"typing","guestId":"g-a","timestamp":1700000000000}""";

    protected override string AnotherStartOfGuestA => """{"type":"typing","guestId":"g-a","timestamp":1700000000100}""";

    protected override string StartOfGuestB => """{"type":"typing","guestId":"g-b","timestamp":1700000000000}""";

    protected override string MessageOfGuestA => """{"type":"message","guestId":"g-a","text":"hi"}""";

    protected override string Unrelated => """{"type":"read","guestId":"g-a"}""";

    protected override bool BuildsStops => true;

    [Fact]
    public void BuildStop_ReplacesOnlyThePointedValue()
    {
        var stop = Recognizer.BuildStop(Encoding.UTF8.GetBytes(StartOfGuestA))!;

        Assert.Equal("""{"type":"stopped_typing","guestId":"g-a","timestamp":1700000000000}""", Encoding.UTF8.GetString(stop));
    }

    [Fact]
    public void Recognize_BooleanBodyWithRouteKey_StartAndStop()
    {
        // The tutorial HTTP shape: POST /api/v1/webchat/guests/{guestId}/typing with {"typing":true|false}.
        var recognizer = Create("/typing", ["true"], ["false"], [], "route:guestId");
        var context = new TypingContext(_ => null, name => name == "guestId" ? "g-1" : null, _ => null);

        var start = recognizer.Recognize(Encoding.UTF8.GetBytes("""{"typing":true}"""), context);
        var stop = recognizer.Recognize(Encoding.UTF8.GetBytes("""{"typing":false}"""), context);

        Assert.Equal(TypingSignalKind.Start, start.Kind);
        Assert.Equal(TypingSignalKind.Stop, stop.Kind);
        Assert.Equal(start.Key, stop.Key);
        Assert.Equal("""{"typing":false}""", Encoding.UTF8.GetString(recognizer.BuildStop(Encoding.UTF8.GetBytes("""{"typing":true}"""))!));
    }

    [Theory]
    [InlineData("Start", "Start")]
    [InlineData("stop", "Stop")]
    [InlineData("Message", "Message")]
    public void Recognize_RouteSaysWhatRequestsAre_BodyLessRequestIsThatSignalKeyedByRoute(string metadata, string expectedKind)
    {
        var expected = Enum.Parse<TypingSignalKind>(expectedKind);
        // Genesys guest chat types with POST …/conversations/{c}/members/{m}/typing and no body.
        var recognizer = Create("/type", ["typing"], [], [], "route:conversationId", "route:memberId");
        var context = new TypingContext(_ => null, name => name switch { "conversationId" => "c-1", "memberId" => "m-1", _ => null }, _ => null)
        {
            RequestSignal = TypingGateway.Proxy.ProxyConfigRules.RequestSignal(metadata),
        };

        var signal = recognizer.Recognize(ReadOnlyMemory<byte>.Empty, context);

        Assert.Equal(expected, signal.Kind);
        Assert.Equal(recognizer.Recognize("{\"not\":\"json\"".Select(c => (byte)c).ToArray(), context), signal); // the body never matters
        Assert.Equal(TypingGateway.Typing.State.TypingKey.Create("json", "c-1", "m-1"), signal.Key);
    }

    [Fact]
    public void Recognize_WholeDocumentPointer_BareValueIsTheSignal()
    {
        // RFC 6901: "" names the whole document, e.g. a channel whose guest frames are "typing" or "stopped".
        var recognizer = Create("", ["typing"], ["stopped"], [], "query:guest");
        var context = new TypingContext(name => name == "guest" ? "g-1" : null, _ => null, _ => null);

        var start = recognizer.Recognize("\"typing\""u8.ToArray(), context);
        var stop = recognizer.Recognize("\"stopped\""u8.ToArray(), context);
        var other = recognizer.Recognize("""{"type":"typing"}"""u8.ToArray(), context);

        Assert.Equal((TypingSignalKind.Start, TypingSignalKind.Stop, TypingSignalKind.Other), (start.Kind, stop.Kind, other.Kind));
        Assert.Equal("\"stopped\"", Encoding.UTF8.GetString(recognizer.BuildStop("\"typing\""u8.ToArray())!));
    }

    [Fact]
    [Trait("Area", "Robustness")]
    public void Recognize_NumberAndStringWithTheSameDigits_DifferentKeys()
    {
        // Issue 12 R8: 1 and "1" are different guests; so are "=1" and 1 (the type marker is escaped).
        var number = Recognize("""{"type":"typing","guestId":1}""").Key;
        var text = Recognize("""{"type":"typing","guestId":"1"}""").Key;
        var marked = Recognize("""{"type":"typing","guestId":"=1"}""").Key;
        var literal = Recognize("""{"type":"typing","guestId":true}""").Key;

        Assert.Equal(4, new[] { number, text, marked, literal }.Distinct().Count());
        Assert.All(new[] { number, text, marked, literal }, key => Assert.NotNull(key));
        Assert.Equal(number, Recognize("""{"type":"typing","guestId":1,"n":2}""").Key);
    }

    [Fact]
    public void Recognize_KeyMissing_SignalWithoutKey()
    {
        var signal = Recognize("""{"type":"typing"}""");

        Assert.Equal(TypingSignalKind.Start, signal.Kind);
        Assert.Null(signal.Key);
    }

    [Fact]
    public void Recognize_NestedPointerAndEscapes()
    {
        var recognizer = Create("/event/a~1b", ["on"], [], [], "pointer:/ids/0");

        var signal = recognizer.Recognize(Encoding.UTF8.GetBytes("""{"event":{"a/b":"on"},"ids":["g-7"]}"""), TypingContext.Empty);

        Assert.Equal(TypingSignalKind.Start, signal.Kind);
        Assert.Equal("json:g-7", signal.Key.ToString());
    }

    [Fact]
    public void JsonPointer_TrySet_MissingParent_ReturnsFalse()
    {
        Assert.True(JsonPointer.TryParse("/a/b", out var pointer));

        Assert.False(pointer.TrySet(JsonNode.Parse("""{"x":1}""")!, JsonValue.Create("v")));
    }

    private static JsonTypingRecognizer Create(string pointer, string[] start, string[] stop, string[] message, params string[] keys)
    {
        Assert.True(JsonPointer.TryParse(pointer, out var parsed));
        var sources = keys.Select(key => KeySource.TryParse(key, out var source) ? source : throw new ArgumentException(key)).ToList();
        return new JsonTypingRecognizer("json", parsed, start, stop, message, sources);
    }
}
