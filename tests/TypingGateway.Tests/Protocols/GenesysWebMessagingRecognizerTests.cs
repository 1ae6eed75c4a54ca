using TypingGateway.Protocols;
using TypingGateway.Protocols.Genesys;

namespace TypingGateway.Tests.Protocols;

public sealed class GenesysWebMessagingRecognizerTests : MessageRecognizerContractTests
{
    // Frames as the official Genesys SDK serializes them (protocols.md §1.2).
    private const string Typing = """{"token":"tok-a","tracingId":"t1","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";

    internal override ITypingRecognizer Recognizer { get; } = new GenesysWebMessagingRecognizer("genesys-webmessaging");

    internal override TypingContext Context { get; } = new(q => q == "deploymentId" ? "dep-1" : null, _ => null, _ => null);

    protected override string StartOfGuestA => Typing;

    protected override string AnotherStartOfGuestA => """{"token":"tok-a","tracingId":"t2","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";

    protected override string StartOfGuestB => Typing.Replace("tok-a", "tok-b", StringComparison.Ordinal);

    protected override string MessageOfGuestA => """{"token":"tok-a","message":{"text":"Hello world","type":"Text"},"tracingId":"t3","action":"onMessage"}""";

    protected override string Unrelated => """{"token":"tok-a","deploymentId":"dep-1","startNew":true,"action":"configureSession"}""";

    protected override bool BuildsStops => false;

    [Fact]
    public void Recognize_PresenceJoinEvent_IsOther()
    {
        var join = """{"token":"tok-a","action":"onMessage","message":{"events":[{"eventType":"Presence","presence":{"type":"Join"}}],"type":"Event"}}""";

        Assert.Equal(TypingSignalKind.Other, Recognize(join).Kind);
    }

    [Fact]
    public void Recognize_StructuredWithAttachment_IsMessage()
    {
        var message = """{"token":"tok-a","message":{"text":"x","content":[{"contentType":"Attachment","attachment":{"id":"abcd"}}],"type":"Text"},"action":"onMessage"}""";

        Assert.Equal(TypingSignalKind.Message, Recognize(message).Kind);
    }

    [Fact]
    public void Recognize_TypingWithoutToken_IsOtherSoItPassesUntouched()
    {
        var noToken = Typing.Replace("\"token\":\"tok-a\",", string.Empty, StringComparison.Ordinal);

        Assert.Equal(TypingSignalKind.Other, Recognize(noToken).Kind);
    }

    [Fact]
    public void Recognize_NoDeploymentInQuery_IsOther()
    {
        var signal = Recognizer.Recognize(System.Text.Encoding.UTF8.GetBytes(Typing), TypingContext.Empty);

        Assert.Equal(TypingSignalKind.Other, signal.Kind);
    }

    [Fact]
    public void Recognize_TokenNeverAppearsInKey()
    {
        var key = Recognize(Typing).Key!.Value;

        Assert.DoesNotContain("tok-a", key.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("genesys-webmessaging:", key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Recognize_SameTokenOtherDeployment_OtherKey()
    {
        var other = new TypingContext(q => q == "deploymentId" ? "dep-2" : null, _ => null, _ => null);

        Assert.NotEqual(Recognize(Typing).Key, Recognizer.Recognize(System.Text.Encoding.UTF8.GetBytes(Typing), other).Key);
    }
}
