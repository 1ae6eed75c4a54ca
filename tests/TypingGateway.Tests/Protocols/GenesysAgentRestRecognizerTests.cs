using TypingGateway.Protocols;
using TypingGateway.Protocols.Genesys;

namespace TypingGateway.Tests.Protocols;

public sealed class GenesysAgentRestRecognizerTests : RecognizerContractTests
{
    private static readonly Dictionary<string, string> _routeA = new() { ["conversationId"] = "conv-a", ["communicationId"] = "comm-1" };

    internal override ITypingRecognizer Recognizer { get; } = new GenesysAgentRestRecognizer("genesys-agent-rest");

    // The route values identify the communication; the body is the same for every request.
    internal override TypingContext Context => new(_ => null, name => _routeA.GetValueOrDefault(name), _ => null);

    protected override string StartOfGuestA => """{"typing":{"type":"On","duration":5000}}""";

    protected override string AnotherStartOfGuestA => """{"typing":{"type":"On"},"dateSent":"2024-01-01T00:00:00.000Z"}""";

    protected override string StartOfGuestB => StartOfGuestA;

    // The API allows only "On"; anything else is passed to the platform to reject.
    protected override string Unrelated => """{"typing":{"type":"Off"}}""";

    protected override bool BuildsStops => false;

    internal override TypingContext ContextOfGuestB =>
        new(_ => null, name => name == "conversationId" ? "conv-b" : name == "communicationId" ? "comm-1" : null, _ => null);

    [Fact]
    public void Recognize_MinimalBody_IsStart()
    {
        Assert.Equal(TypingSignalKind.Start, Recognize("""{"typing":{"type":"On"}}""").Kind);
    }

    [Fact]
    public void Recognize_NoRouteValues_IsOther()
    {
        Assert.Equal(TypingSignalKind.Other, Recognizer.Recognize(System.Text.Encoding.UTF8.GetBytes(StartOfGuestA), TypingContext.Empty).Kind);
    }
}
