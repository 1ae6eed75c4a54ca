using System.Text;
using TypingGateway.Protocols;
using TypingGateway.Protocols.CXone;
using TypingGateway.Protocols.Genesys;
using TypingGateway.Protocols.GenesysGuestChat;
using TypingGateway.Protocols.Json;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// Issue 12: random JSON-ish payloads built from each platform's own frames, with hostile strings, numbers and
/// structure spliced in (fixed seeds, 4,000 cases per recogniser and seed), never make a recogniser throw, on
/// recognising or on building a stop; and a recogniser never changes its input.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class RecognizerFuzzTests
{
    private const int Cases = 4_000;

    private static readonly string[] _hostileStrings =
    [
        "\\ud83d", "\\udc00", "\\ud800\\ud800", "a\\u0000b", "\\uFFFF", "\\\"", "\\\\", "{", "}", "sha256:00", "=1", "",
        new string('x', 5000), "é✓😀", "\\u00e9", "\\n\\r\\t", "%00", "<script>",
    ];

    private static readonly string[] _hostileValues =
    [
        "1", "\"1\"", "-0", "1e309", "123456789012345678901234567890", "true", "null", "[]", "{}", "[[[[[[[[]]]]]]]]", "0.1e-400", "\"\"",
    ];

    private static readonly byte[][] _hostileBytes = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0x00], [0xF4, 0x90, 0x80, 0x80]];

    public static TheoryData<string, int> Recognizers => new()
    {
        { "genesys-webmessaging", 1 }, { "genesys-webmessaging", 2 },
        { "cxone-chat", 1 }, { "cxone-chat", 2 },
        { "genesys-agent-rest", 1 }, { "genesys-agent-rest", 2 },
        { "genesys-guest-chat", 1 },
        { "json-pointer", 1 }, { "json-pointer", 2 },
        { "json-whole-document", 1 },
    };

    [Theory]
    [MemberData(nameof(Recognizers))]
    public void RecognizeAndBuildStop_HostilePayloads_NeverThrowNorChangeTheInput(string name, int seed)
    {
        var (recognizer, templates) = Create(name);
        var random = new Random(seed);
        var context = new TypingContext(q => q == "deploymentId" ? "dep" : null, r => r == "conversationId" ? "c" : r == "communicationId" ? "m" : null, _ => null)
        {
            Method = "POST",
            Path = "/api/v2/webchat/guest/conversations/c/members/m/typing",
        };

        for (var i = 0; i < Cases; i++)
        {
            var payload = Mutate(templates[random.Next(templates.Length)], random);
            var copy = payload.ToArray();

            var exception = Record.Exception(() =>
            {
                recognizer.Recognize(payload, context);
                recognizer.BuildStop(payload);
            });

            Assert.True(exception is null, $"case {i} ({Encoding.UTF8.GetString(payload)}): {exception}");
            Assert.Equal(copy, payload);
        }
    }

    internal static byte[] Mutate(string template, Random random)
    {
        var text = template;
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var quoted = text.IndexOf('"', random.Next(text.Length));
            switch (random.Next(6))
            {
                case 0 when quoted > 0: // a hostile string inside an existing string
                    text = text.Insert(quoted, _hostileStrings[random.Next(_hostileStrings.Length)]);
                    break;
                case 1: // a value replaced by a hostile one
                    var colon = text.IndexOf(':', random.Next(text.Length));
                    if (colon > 0)
                    {
                        var end = text.IndexOfAny([',', '}'], colon);
                        text = end > colon ? text[..(colon + 1)] + _hostileValues[random.Next(_hostileValues.Length)] + text[end..] : text;
                    }

                    break;
                case 2: // a duplicate of the first property
                    var brace = text.IndexOf('{');
                    var comma = text.IndexOf(',', brace + 1);
                    text = brace >= 0 && comma > brace ? text[..(comma + 1)] + text[(brace + 1)..comma] + "," + text[(comma + 1)..] : text;
                    break;
                case 3: // truncated
                    text = text[..random.Next(text.Length)];
                    break;
                case 4: // deep nesting around the frame
                    var depth = random.Next(1, 70);
                    text = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + text + new string('}', depth);
                    break;
                default:
                    break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        if (random.Next(3) == 0 && bytes.Count > 2)
        {
            bytes.InsertRange(random.Next(1, bytes.Count - 1), _hostileBytes[random.Next(_hostileBytes.Length)]); // invalid UTF-8
        }

        return [.. bytes];
    }

    private static (ITypingRecognizer Recognizer, string[] Templates) Create(string name)
    {
        const string cxone = """{"action":"chatWindowEvent","eventId":"e-1","payload":{"eventType":"SenderTypingStarted","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c-1"},"data":{"thread":{"idOnExternalPlatform":"t-1"}},"destination":{},"visitor":{"id":"v-1"},"visit":{}}}""";
        const string genesys = """{"token":"tok","tracingId":"x","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";
        const string genesysText = """{"token":"tok","message":{"text":"hello","type":"Text"},"tracingId":"t","action":"onMessage"}""";
        const string json = """{"type":"typing","guestId":"g-1","timestamp":1700000000000}""";
        return name switch
        {
            "genesys-webmessaging" => (new GenesysWebMessagingRecognizer(name), [genesys, genesysText]),
            "cxone-chat" => (new CxoneChatRecognizer(name), [cxone, cxone.Replace("SenderTypingStarted", "SendMessage", StringComparison.Ordinal)]),
            "genesys-agent-rest" => (new GenesysAgentRestRecognizer(name), ["""{"typing":{"type":"On","duration":5000},"dateSent":"2024-01-01T00:00:00.000Z"}"""]),
            "genesys-guest-chat" => (new GenesysGuestChatRecognizer(name), ["", "{}", """{"body":"hi","bodyType":"standard"}"""]),
            "json-whole-document" => (Json(name, ""), ["\"typing\"", "\"stopped\"", "true"]),
            _ => (Json(name, "/type"), [json, json.Replace("typing", "stopped", StringComparison.Ordinal)]),
        };
    }

    private static JsonTypingRecognizer Json(string name, string path)
    {
        Assert.True(JsonPointer.TryParse(path, out var pointer));
        Assert.True(KeySource.TryParse("pointer:/guestId", out var key));
        return new JsonTypingRecognizer(name, pointer, ["typing"], ["stopped"], ["message"], [key]);
    }
}
