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
        var result = new WebSocketFilterOptionsValidator().Validate(null, new WebSocketFilterOptions { InspectionLimit = -1, MaxPendingInjections = 0 });

        Assert.Equal(
            [
                "WebSockets:InspectionLimit must be between 0 and 1048576.",
                "WebSockets:MaxPendingInjections must be at least 1.",
            ],
            result.Failures);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { InspectionLimit = 2_000_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { MaxPendingInjections = 0 }));
    }
}
