using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class WebSocketFilterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new WebSocketFilterOptionsValidator().Validate(null, new WebSocketFilterOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryValueOutOfRange_AllErrorsReported()
    {
        var result = new WebSocketFilterOptionsValidator().Validate(null, new WebSocketFilterOptions
        {
            InspectionLimit = -1,
            MaxPendingInjections = 0,
            OversizeDiscardPerMessage = 0,
            OversizeDiscardPerWindow = 0,
            OversizeDiscardWindow = TimeSpan.Zero,
        });

        Assert.Equal(
            [
                "WebSockets:InspectionLimit must be between 0 and 1048576.",
                "WebSockets:MaxPendingInjections must be at least 1.",
                "WebSockets:OversizeDiscardPerMessage must be at least 1.",
                "WebSockets:OversizeDiscardPerWindow must be at least 1 and at least OversizeDiscardPerMessage.",
                "WebSockets:OversizeDiscardWindow must be positive.",
            ],
            result.Failures);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { InspectionLimit = 2_000_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { MaxPendingInjections = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { OversizeDiscardPerMessage = 8, OversizeDiscardPerWindow = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { OversizeDiscardWindow = TimeSpan.Zero }));
    }
}
