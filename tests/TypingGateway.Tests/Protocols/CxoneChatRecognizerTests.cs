using System.Text;
using System.Text.Json.Nodes;
using TypingGateway.Protocols;
using TypingGateway.Protocols.CXone;

namespace TypingGateway.Tests.Protocols;

public sealed class CxoneChatRecognizerTests : MessageRecognizerContractTests
{
    private const string Started = """{"action":"chatWindowEvent","eventId":"e-1","payload":{"eventType":"SenderTypingStarted","brand":{"id":1234},"channel":{"id":"chat_1"},"consumerIdentity":{"idOnExternalPlatform":"c-1"},"data":{"thread":{"idOnExternalPlatform":"th-1"}},"destination":{},"visitor":{"id":"v-a"},"visit":{}}}""";

    internal override ITypingRecognizer Recognizer { get; } = new CxoneChatRecognizer("cxone-chat");

    protected override string StartOfGuestA => Started;

    protected override string AnotherStartOfGuestA => Started.Replace("e-1", "e-2", StringComparison.Ordinal);

    protected override string StartOfGuestB => Started.Replace("v-a", "v-b", StringComparison.Ordinal);

    protected override string MessageOfGuestA => Started.Replace("SenderTypingStarted", "SendMessage", StringComparison.Ordinal);

    protected override string Unrelated => """{"action":"heartbeat"}""";

    protected override bool BuildsStops => true;

    [Fact]
    public void Recognize_Ended_IsStop()
    {
        Assert.Equal(TypingSignalKind.Stop, Recognize(Started.Replace("SenderTypingStarted", "SenderTypingEnded", StringComparison.Ordinal)).Kind);
    }

    [Fact]
    public void Recognize_Preview_IsPreview()
    {
        var preview = """{"action":"chatWindowEvent","eventId":"e-9","payload":{"eventType":"SendMessagePreview","brand":{"id":1234},"channel":{"id":"chat_1"},"visitor":{"id":"v-a"},"data":{"thread":{"idOnExternalPlatform":"th-1"},"messageContent":{"payload":{"text":"draft"},"type":"TEXT"}}}}""";

        Assert.Equal(TypingSignalKind.Preview, Recognize(preview).Kind);
    }

    [Fact]
    public void Recognize_IdsOnlyInQuery_KeyFromQuery()
    {
        var bare = """{"action":"chatWindowEvent","eventId":"e-1","payload":{"eventType":"SenderTypingStarted"}}""";
        var context = new TypingContext(q => q switch { "brandId" => "1234", "channelId" => "chat_1", "visitorId" => "v-a", _ => null }, _ => null, _ => null);

        var signal = Recognizer.Recognize(Encoding.UTF8.GetBytes(bare), context);

        Assert.Equal(Recognize(Started).Key, signal.Key);
    }

    [Fact]
    public void BuildStop_KeepsEverythingButEventTypeAndEventId()
    {
        var stop = JsonNode.Parse(Recognizer.BuildStop(Encoding.UTF8.GetBytes(Started)))!.AsObject();
        var expected = JsonNode.Parse(Started)!.AsObject();

        Assert.NotEqual("e-1", stop["eventId"]!.GetValue<string>());
        Assert.True(Guid.TryParse(stop["eventId"]!.GetValue<string>(), out _));
        expected["eventId"] = stop["eventId"]!.GetValue<string>();
        expected["payload"]!["eventType"] = "SenderTypingEnded";
        Assert.Equal(expected.ToJsonString(), stop.ToJsonString());
    }
}
