using TypingGateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class WebSocketGuardSettingsTests
{
    private const string Genesys = "genesys-webmessaging";
    private const string Prefix = "Route 'r1': metadata";

    private static readonly string[] _policies = ["genesys-messages", "typing"];

    [Fact]
    public void From_NoMetadata_Null()
    {
        Assert.Null(WebSocketGuardSettings.From(new RouteConfig { RouteId = "r1" }));
    }

    [Fact]
    public void From_OnlyProfileAndBlankLimits_Null()
    {
        var route = Route(new()
        {
            ["TypingProfile"] = Genesys,
            ["RateLimitMessages"] = " ",
            ["MaxTextLength"] = string.Empty,
            ["AllowedAttachmentTypes"] = "  ",
        });

        Assert.Null(WebSocketGuardSettings.From(route));
    }

    [Fact]
    public void From_EverySetting_TrimmedAndParsed()
    {
        var route = Route(new()
        {
            ["RateLimitMessages"] = " genesys-messages ",
            ["RateLimitTyping"] = "typing",
            ["RateLimitOther"] = "other",
            ["MaxTextLength"] = " 4000 ",
        });

        var settings = WebSocketGuardSettings.From(route);

        Assert.NotNull(settings);
        Assert.Equal(("genesys-messages", "typing", "other", (int?)4000), (settings.Messages, settings.Typing, settings.Other, settings.MaxTextLength));
        Assert.Null(settings.AllowedAttachmentTypes);
    }

    [Fact]
    public void From_AllowedAttachmentTypes_TrimmedSetWithoutEmptiesAnyCase()
    {
        var settings = WebSocketGuardSettings.From(Route(new() { ["AllowedAttachmentTypes"] = " image/png, image/jpeg ,,IMAGE/PNG," }));

        Assert.NotNull(settings?.AllowedAttachmentTypes);
        Assert.Equal(["image/jpeg", "image/png"], settings.AllowedAttachmentTypes.Order(StringComparer.Ordinal));
        Assert.Contains("Image/JPEG", settings.AllowedAttachmentTypes);
        Assert.Null(settings.Messages);
        Assert.Null(settings.MaxTextLength);
    }

    [Fact]
    public void From_MaxTextLengthNotANumberOnly_Null()
    {
        Assert.Null(WebSocketGuardSettings.From(Route(new() { ["MaxTextLength"] = "many" })));
    }

    [Fact]
    public void From_OnlyMaxMessageBytes_TrimmedAndParsed()
    {
        var settings = WebSocketGuardSettings.From(Route(new() { ["TypingProfile"] = "cxone-chat", ["MaxMessageBytes"] = " 65536 " }));

        Assert.NotNull(settings);
        Assert.Equal(65_536, settings.MaxMessageBytes);
        Assert.Null(settings.Messages);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("67108865")]
    [InlineData("64KiB")]
    public void From_MaxMessageBytesInvalidOnly_Null(string value)
    {
        Assert.Null(WebSocketGuardSettings.From(Route(new() { ["MaxMessageBytes"] = value })));
    }

    [Theory]
    [InlineData("cxone-chat", "1")]
    [InlineData("tutorial-ws", "67108864")]
    [InlineData(Genesys, "65536")]
    public void Validate_MaxMessageBytesOnAnyTypingRouteWithinBounds_NoError(string profile, string value)
    {
        Assert.Empty(Validate(new() { ["TypingProfile"] = profile, ["MaxMessageBytes"] = value }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("1,024")]
    [InlineData("64KiB")]
    [InlineData("67108865")]
    [InlineData("99999999999")]
    public void Validate_MaxMessageBytesNotWholeNumberWithinBounds_Error(string value)
    {
        var errors = Validate(new() { ["TypingProfile"] = "cxone-chat", ["MaxMessageBytes"] = value });

        Assert.Equal([$"{Prefix} MaxMessageBytes '{value}' must be a whole number of bytes from 1 to 67108864."], errors);
    }

    [Fact]
    public void Validate_MaxMessageBytesWithoutTypingProfile_Error()
    {
        var errors = Validate(new() { ["MaxMessageBytes"] = "65536" });

        Assert.Equal([$"{Prefix} MaxMessageBytes needs a WebSocket TypingProfile on the route (only those WebSockets pass through the gateway's frame filter)."], errors);
    }

    [Fact]
    public void Validate_KnownPoliciesAnyCaseOnGenesysRoute_NoError()
    {
        var errors = Validate(new()
        {
            ["TypingProfile"] = Genesys,
            ["RateLimitMessages"] = "Genesys-Messages",
            ["RateLimitTyping"] = "typing",
            ["MaxTextLength"] = "4000",
            ["AllowedAttachmentTypes"] = "image/png",
        });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("RateLimitMessages")]
    [InlineData("RateLimitTyping")]
    [InlineData("RateLimitOther")]
    public void Validate_UnknownPolicy_ErrorListsKnownOnes(string key)
    {
        var errors = Validate(new() { ["TypingProfile"] = Genesys, [key] = "nope" });

        Assert.Equal([$"{Prefix} {key} 'nope' does not name a rate-limit policy (RateLimits:Policies: genesys-messages, typing)."], errors);
    }

    [Fact]
    public void Validate_UnknownPolicyNoneConfigured_ErrorSaysNone()
    {
        var errors = new List<string>();

        WebSocketGuardSettings.Validate(Route(new() { ["TypingProfile"] = Genesys, ["RateLimitMessages"] = "nope" }), [], errors);

        Assert.Equal([$"{Prefix} RateLimitMessages 'nope' does not name a rate-limit policy (RateLimits:Policies: none)."], errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    [InlineData("4000.5")]
    public void Validate_MaxTextLengthNotPositiveWholeNumber_Error(string max)
    {
        var errors = Validate(new() { ["TypingProfile"] = Genesys, ["MaxTextLength"] = max });

        Assert.Equal([$"{Prefix} MaxTextLength '{max}' must be a whole number of characters, more than 0."], errors);
    }

    [Theory]
    [InlineData("cxone-chat", "MaxTextLength", "4000")]
    [InlineData("cxone-chat", "AllowedAttachmentTypes", "image/png")]
    [InlineData(null, "MaxTextLength", "4000")]
    public void Validate_ConstraintsOnNonGenesysRoute_Error(string? profile, string key, string value)
    {
        var metadata = new Dictionary<string, string> { [key] = value };
        if (profile is not null)
        {
            metadata["TypingProfile"] = profile;
        }

        var errors = Validate(metadata);

        Assert.Equal(
            [$"{Prefix} MaxTextLength and AllowedAttachmentTypes apply only to platforms with channel constraints: the route needs TypingProfile 'genesys-webmessaging'."],
            errors);
    }

    [Theory]
    [InlineData("RateLimitMessages")]
    [InlineData("RateLimitTyping")]
    [InlineData("RateLimitOther")]
    public void Validate_FrameClassPolicyWithoutTypingProfile_Error(string key)
    {
        var errors = Validate(new() { [key] = "typing" });

        Assert.Equal(
            [
                $"{Prefix} RateLimitMessages, RateLimitTyping and RateLimitOther need a WebSocket TypingProfile on the route "
                + "(it tells the frame classes apart); HTTP routes use RateLimiterPolicy.",
            ],
            errors);
    }

    [Fact]
    public void Validate_SeveralProblems_AllListed()
    {
        var errors = Validate(new() { ["TypingProfile"] = "cxone-chat", ["RateLimitMessages"] = "nope", ["RateLimitOther"] = "gone", ["MaxTextLength"] = "many" });

        Assert.Equal(
            [
                $"{Prefix} RateLimitMessages 'nope' does not name a rate-limit policy (RateLimits:Policies: genesys-messages, typing).",
                $"{Prefix} RateLimitOther 'gone' does not name a rate-limit policy (RateLimits:Policies: genesys-messages, typing).",
                $"{Prefix} MaxTextLength 'many' must be a whole number of characters, more than 0.",
                $"{Prefix} MaxTextLength and AllowedAttachmentTypes apply only to platforms with channel constraints: the route needs TypingProfile 'genesys-webmessaging'.",
            ],
            errors);
    }

    [Fact]
    public void Validate_NoMetadata_NoError()
    {
        var errors = new List<string>();

        WebSocketGuardSettings.Validate(new RouteConfig { RouteId = "r1" }, _policies, errors);

        Assert.Empty(errors);
    }

    private static RouteConfig Route(Dictionary<string, string> metadata) => new() { RouteId = "r1", Metadata = metadata };

    private static List<string> Validate(Dictionary<string, string> metadata)
    {
        var errors = new List<string>();
        WebSocketGuardSettings.Validate(Route(metadata), _policies, errors);
        return errors;
    }
}
