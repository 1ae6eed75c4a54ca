using TypingGateway.Protocols;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// The contract of a recogniser that also sees the guest's real messages (which end a burst). A platform whose
/// messages travel elsewhere (a typing-only REST endpoint) derives from <see cref="RecognizerContractTests"/> only.
/// </summary>
public abstract class MessageRecognizerContractTests : RecognizerContractTests
{
    /// <summary>A real message of guest A.</summary>
    protected abstract string MessageOfGuestA { get; }

    [Fact]
    public void Recognize_Message_IsMessageWithSameKeyAsTyping()
    {
        var signal = Recognize(MessageOfGuestA);

        Assert.Equal(TypingSignalKind.Message, signal.Kind);
        Assert.Equal(Recognize(StartOfGuestA).Key, signal.Key);
    }
}
