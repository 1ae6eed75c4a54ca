using System.Text;
using TypingGateway.Protocols;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// What every recogniser must do, whatever its platform. Each recogniser's test class derives
/// from this (or, where the platform's messages pass the recogniser, from
/// <see cref="MessageRecognizerContractTests"/>) and supplies its frames; platform-specific cases
/// live in the derived class.
/// </summary>
public abstract class RecognizerContractTests
{
    internal abstract ITypingRecognizer Recognizer { get; }

    internal virtual TypingContext Context => TypingContext.Empty;

    /// <summary>The request context of guest B (platforms that identify the guest by route or query differ here).</summary>
    internal virtual TypingContext ContextOfGuestB => Context;

    /// <summary>A typing start of guest A.</summary>
    protected abstract string StartOfGuestA { get; }

    /// <summary>Another typing start of guest A (other ids/fields vary), same key.</summary>
    protected abstract string AnotherStartOfGuestA { get; }

    /// <summary>A typing start of guest B.</summary>
    protected abstract string StartOfGuestB { get; }

    /// <summary>Something the platform sends that is neither typing nor a message.</summary>
    protected abstract string Unrelated { get; }

    /// <summary>Whether the platform has a stop this recogniser can build from a start.</summary>
    protected abstract bool BuildsStops { get; }

    [Fact]
    public void Recognize_Start_IsStartWithKey()
    {
        var signal = Recognize(StartOfGuestA);

        Assert.Equal(TypingSignalKind.Start, signal.Kind);
        Assert.NotNull(signal.Key);
    }

    [Fact]
    public void Recognize_SameGuest_SameKey()
    {
        Assert.Equal(Recognize(StartOfGuestA).Key, Recognize(AnotherStartOfGuestA).Key);
    }

    [Fact]
    public void Recognize_OtherGuest_OtherKey()
    {
        var b = Recognizer.Recognize(Encoding.UTF8.GetBytes(StartOfGuestB), ContextOfGuestB);

        Assert.Equal(TypingSignalKind.Start, b.Kind);
        Assert.NotEqual(Recognize(StartOfGuestA).Key, b.Key);
    }

    [Fact]
    public void Recognize_Unrelated_IsOther()
    {
        Assert.Equal(TypingSignalKind.Other, Recognize(Unrelated).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"action\":")]
    [InlineData("[1,2,3]")]
    [InlineData("\"typing\"")]
    [InlineData("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}")]
    public void Recognize_MalformedOrForeignInput_IsOtherAndDoesNotThrow(string input)
    {
        Assert.Equal(TypingSignalKind.Other, Recognize(input).Kind);
    }

    [Fact]
    public void Recognize_InvalidUtf8_IsOther()
    {
        var bytes = Encoding.UTF8.GetBytes(StartOfGuestA);
        bytes[^3] = 0xFF;

        Assert.Equal(TypingSignalKind.Other, Recognizer.Recognize(bytes, Context).Kind);
    }

    [Fact]
    public void Recognize_DoesNotChangeItsInput()
    {
        var bytes = Encoding.UTF8.GetBytes(StartOfGuestA);
        var copy = bytes.ToArray();

        Recognizer.Recognize(bytes, Context);

        Assert.Equal(copy, bytes);
    }

    [Fact]
    public void BuildStop_FromStart_IsRecognizedAsStopOfTheSameGuest()
    {
        var stop = Recognizer.BuildStop(Encoding.UTF8.GetBytes(StartOfGuestA));
        if (!BuildsStops)
        {
            Assert.Null(stop);
            return;
        }

        Assert.NotNull(stop);
        var signal = Recognizer.Recognize(stop, Context);
        Assert.Equal(TypingSignalKind.Stop, signal.Kind);
        Assert.Equal(Recognize(StartOfGuestA).Key, signal.Key);
    }

    private protected TypingSignal Recognize(string json) => Recognizer.Recognize(Encoding.UTF8.GetBytes(json), Context);
}
