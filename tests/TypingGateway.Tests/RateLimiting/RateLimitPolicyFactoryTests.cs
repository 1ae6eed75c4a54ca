using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class RateLimitPolicyFactoryTests
{
    private const string Owner = "RateLimits:Policies:p";

    [Fact]
    public void Build_NoSection_NoPoliciesOneInstance()
    {
        var (settings, errors) = RateLimitPolicyFactory.Build(RateLimitConfig.Of([]));

        Assert.Empty(errors);
        Assert.Empty(settings.Policies);
        Assert.Equal(1, settings.InstanceCount);
    }

    [Fact]
    public void Build_OnlyRateAndPartition_Defaults()
    {
        var (settings, errors) = Build(new() { ["p:PermitsPerSecond"] = "1.8", ["p:Partition"] = "guest" });

        Assert.Empty(errors);
        Assert.Equal(
            new RateLimitPolicy("p", new GcraLimits(1.8, 2, TimeSpan.Zero), RateLimitPartitionKind.Guest, null, RateLimitMode.Reject, 3, null),
            settings.Policies["p"]);
    }

    [Theory]
    [InlineData("0.5", 1)]
    [InlineData("1", 1)]
    [InlineData("1.01", 2)]
    [InlineData("20", 20)]
    public void Build_NoBurst_RateRoundedUpAtLeastOne(string rate, int burst)
    {
        var (settings, _) = Build(new() { ["p:PermitsPerSecond"] = rate, ["p:Partition"] = "ip" });

        Assert.Equal(burst, settings.Policies["p"].Limits.Burst);
    }

    [Fact]
    public void Build_RejectModeWithMaxDelay_MaxDelayZero()
    {
        var (settings, errors) = Build(Valid(("p:MaxDelay", "00:00:05")));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.Zero, settings.Policies["p"].Limits.MaxDelay);
    }

    [Fact]
    public void Build_ShapeModeWithoutMaxDelay_TwoSeconds()
    {
        var (settings, errors) = Build(Valid(("p:Mode", "Shape")));

        Assert.Empty(errors);
        Assert.Equal(RateLimitMode.Shape, settings.Policies["p"].Mode);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Policies["p"].Limits.MaxDelay);
    }

    [Fact]
    public void Build_EverySetting_Kept()
    {
        var (settings, errors) = Build(new()
        {
            ["p:PermitsPerSecond"] = "20",
            ["p:Burst"] = "40",
            ["p:Partition"] = "route:guestId",
            ["p:Mode"] = "Shape",
            ["p:MaxDelay"] = "00:01:00",
            ["p:CloseAtMultiple"] = "0",
            ["p:RejectionFrame"] = """{"error":{retryAfter}}""",
        });

        Assert.Empty(errors);
        Assert.Equal(
            new RateLimitPolicy("p", new GcraLimits(20, 40, TimeSpan.FromMinutes(1)), RateLimitPartitionKind.RouteValue, "guestId", RateLimitMode.Shape, 0, """{"error":{retryAfter}}"""),
            settings.Policies["p"]);
    }

    [Theory]
    [InlineData("ip", "ClientIp", null)]
    [InlineData(" IP ", "ClientIp", null)]
    [InlineData("guest", "Guest", null)]
    [InlineData("route:conversationId", "RouteValue", "conversationId")]
    [InlineData("Header:X-Guest-Id", "Header", "X-Guest-Id")]
    [InlineData("query:sessionId", "Query", "sessionId")]
    public void Build_Partition_KindAndName(string partition, string kind, string? name)
    {
        var (settings, errors) = Build(new() { ["p:PermitsPerSecond"] = "1", ["p:Partition"] = partition });

        Assert.Empty(errors);
        Assert.Equal((Enum.Parse<RateLimitPartitionKind>(kind), name), (settings.Policies["p"].Partition, settings.Policies["p"].PartitionName));
    }

    [Fact]
    public void Build_PolicyNamesAnyCase_FoundAndInstanceCountKept()
    {
        var configuration = RateLimitConfig.Of(new(RateLimitConfig.Section(Valid())) { ["RateLimits:InstanceCount"] = "3" });

        var (settings, errors) = RateLimitPolicyFactory.Build(configuration);

        Assert.Empty(errors);
        Assert.Equal(3, settings.InstanceCount);
        Assert.Equal("p", settings.Policies["P"].Name);
        Assert.Equal(["p"], RateLimitPolicyFactory.Names(configuration));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1000000.5")]
    public void Build_RateOutOfRange_Error(string rate)
    {
        Assert.Equal([$"{Owner}: PermitsPerSecond must be at least 0.001 and at most 1000000 (it is {rate})."], Errors(Valid(("p:PermitsPerSecond", rate))));
    }

    [Fact]
    public void Build_RateMissing_Error()
    {
        Assert.Equal([$"{Owner}: PermitsPerSecond must be at least 0.001 and at most 1000000 (it is 0)."], Errors(new() { ["p:Partition"] = "ip" }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Build_BurstBelowOne_Error(string burst)
    {
        Assert.Equal([$"{Owner}: Burst must be at least 1 and at most 1000000 (it is {burst})."], Errors(Valid(("p:Burst", burst))));
    }

    [Fact]
    public void Build_LeasePermits_KeptAndInHttpLimitsOnly()
    {
        var (settings, errors) = Build(Valid(("p:Burst", "40"), ("p:LeasePermits", "10")));

        Assert.Empty(errors);
        var policy = settings.Policies["p"];
        Assert.Equal(10, policy.LeasePermits);
        Assert.Equal(10, policy.HttpLimits.Lease);
        Assert.Equal(1, policy.Limits.Lease); // WebSocket frames are decided one permit at a time
    }

    [Theory]
    [InlineData("0")]
    [InlineData("41")]
    public void Build_LeasePermitsOutOfRange_Error(string lease)
    {
        Assert.Equal([$"{Owner}: LeasePermits must be at least 1 and at most the Burst (40) (it is {lease})."], Errors(Valid(("p:Burst", "40"), ("p:LeasePermits", lease))));
    }

    [Fact]
    public void Build_LeasePermitsWithShape_Error()
    {
        Assert.Equal([$"{Owner}: LeasePermits applies to Mode Reject only: shaped permits are decided one at a time."], Errors(Valid(("p:Burst", "4"), ("p:Mode", "Shape"), ("p:LeasePermits", "2"))));
    }

    [Theory]
    [InlineData("cookie:x")]
    [InlineData("ip:x")]
    [InlineData("guest:x")]
    [InlineData("route")]
    [InlineData("header:")]
    [InlineData("query: ")]
    [InlineData("session")]
    public void Build_BadPartition_Error(string partition)
    {
        Assert.Equal(
            [$"{Owner}: Partition '{partition}' is not valid; use ip, guest, route:<name>, header:<name> or query:<name>."],
            Errors(Valid(("p:Partition", partition))));
    }

    [Fact]
    public void Build_NoPartition_ErrorSaysItIsRequired()
    {
        Assert.Equal(
            [$"{Owner}: Partition is required: ip, guest, route:<name>, header:<name> or query:<name>."],
            Errors(new() { ["p:PermitsPerSecond"] = "1" }));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:01:00.0010000")]
    public void Build_ShapeMaxDelayOutOfRange_Error(string maxDelay)
    {
        Assert.Equal(
            [$"{Owner}: MaxDelay must be more than 0 and at most 00:01:00 when Mode is Shape (it is {maxDelay})."],
            Errors(Valid(("p:Mode", "Shape"), ("p:MaxDelay", maxDelay))));
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("0.999")]
    [InlineData("-1")]
    public void Build_CloseAtMultipleBetweenZeroAndOneOrNegative_Error(string multiple)
    {
        Assert.Equal(
            [$"{Owner}: CloseAtMultiple must be 0 (never close) or at least 1 (it is {multiple})."],
            Errors(Valid(("p:CloseAtMultiple", multiple))));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("2.5")]
    public void Build_CloseAtMultipleZeroOrAtLeastOne_Accepted(string multiple)
    {
        Assert.Empty(Errors(Valid(("p:CloseAtMultiple", multiple))));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("messages/v2")]
    [InlineData("grüße")]
    public void Build_BadPolicyName_Error(string name)
    {
        var errors = Errors(new() { [$"{name}:PermitsPerSecond"] = "1", [$"{name}:Partition"] = "ip" });

        Assert.Equal([$"RateLimits:Policies:{name}: the policy name may only contain letters, digits, '.', '_' and '-' (at most 64)."], errors);
    }

    [Fact]
    public void Build_PolicyNameOf65Characters_Error()
    {
        var name = new string('a', 65);

        var errors = Errors(new() { [$"{name}:PermitsPerSecond"] = "1", [$"{name}:Partition"] = "ip" });

        Assert.Equal([$"RateLimits:Policies:{name}: the policy name may only contain letters, digits, '.', '_' and '-' (at most 64)."], errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void Build_InstanceCountNotAtLeastOne_Error(string count)
    {
        var (settings, errors) = RateLimitPolicyFactory.Build(RateLimitConfig.Of(new() { ["RateLimits:InstanceCount"] = count }));

        Assert.Equal([$"RateLimits: InstanceCount '{count}' must be a whole number of at least 1."], errors);
        Assert.Same(RateLimitSettings.Empty, settings);
    }

    [Fact]
    public void Build_UnconvertibleMode_ErrorNamesKeyAndValue()
    {
        Assert.Equal(
            [$"{Owner}: Failed to convert configuration value 'Sometimes' at '{Owner}:Mode' to type 'TypingGateway.RateLimiting.RateLimitMode'."],
            Errors(Valid(("p:Mode", "Sometimes"))));
    }

    [Fact]
    public void Build_UnconvertibleMaxDelay_ErrorNamesKeyAndValue()
    {
        Assert.Equal(
            [$"{Owner}: Failed to convert configuration value '2s' at '{Owner}:MaxDelay' to type 'System.TimeSpan'."],
            Errors(Valid(("p:Mode", "Shape"), ("p:MaxDelay", "2s"))));
    }

    [Fact]
    public void Build_SeveralErrors_AllListedAndNoPolicies()
    {
        var configuration = RateLimitConfig.Of(new(RateLimitConfig.Section(new()
        {
            ["a:PermitsPerSecond"] = "0",
            ["a:Burst"] = "0",
            ["a:Partition"] = "cookie:x",
            ["a:Mode"] = "Shape",
            ["a:MaxDelay"] = "00:00:00",
            ["a:CloseAtMultiple"] = "0.5",
            ["b:PermitsPerSecond"] = "1",
            ["b:Mode"] = "Sometimes",
            ["ok:PermitsPerSecond"] = "1",
            ["ok:Partition"] = "ip",
        }))
        { ["RateLimits:InstanceCount"] = "0" });

        var (settings, errors) = RateLimitPolicyFactory.Build(configuration);

        Assert.Equal(
            [
                "RateLimits: InstanceCount '0' must be a whole number of at least 1.",
                "RateLimits:Policies:a: PermitsPerSecond must be at least 0.001 and at most 1000000 (it is 0).",
                "RateLimits:Policies:a: Burst must be at least 1 and at most 1000000 (it is 0).",
                "RateLimits:Policies:a: Partition 'cookie:x' is not valid; use ip, guest, route:<name>, header:<name> or query:<name>.",
                "RateLimits:Policies:a: MaxDelay must be more than 0 and at most 00:01:00 when Mode is Shape (it is 00:00:00).",
                "RateLimits:Policies:a: CloseAtMultiple must be 0 (never close) or at least 1 (it is 0.5).",
                "RateLimits:Policies:b: Failed to convert configuration value 'Sometimes' at 'RateLimits:Policies:b:Mode' to type 'TypingGateway.RateLimiting.RateLimitMode'.",
            ],
            errors);
        Assert.Same(RateLimitSettings.Empty, settings);
    }

    private static (RateLimitSettings Value, IReadOnlyList<string> Errors) Build(Dictionary<string, string?> policies) =>
        RateLimitPolicyFactory.Build(RateLimitConfig.Of(RateLimitConfig.Section(policies)));

    private static IReadOnlyList<string> Errors(Dictionary<string, string?> policies) => Build(policies).Errors;

    /// <summary>A valid policy <c>p</c> (1/s per IP) with some settings replaced or added.</summary>
    private static Dictionary<string, string?> Valid(params (string Key, string Value)[] overrides)
    {
        var policies = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["p:PermitsPerSecond"] = "1", ["p:Partition"] = "ip" };
        foreach (var (key, value) in overrides)
        {
            policies[key] = value;
        }

        return policies;
    }
}
