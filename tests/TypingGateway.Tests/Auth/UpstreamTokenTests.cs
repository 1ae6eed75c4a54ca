using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class UpstreamTokenTests
{
    private const string Value = "eyJ-secret-token-value";
    private static readonly DateTimeOffset _requestedAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly Upstream _upstream = TestUpstreams.Genesys() with { RefreshJitter = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(0.0, 300)]
    [InlineData(0.5, 315)]
    [InlineData(1.0, 330)]
    public void Issued_OneHourToken_RefreshAtExpiryMinusMarginMinusJitterShare(double jitterSample, int refreshBeforeSeconds)
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromHours(1)), _requestedAt, _upstream, jitterSample);

        Assert.Equal(_requestedAt, token.IssuedAt);
        Assert.Equal(_requestedAt.AddHours(1), token.ExpiresAt);
        Assert.Equal(TimeSpan.FromHours(1), token.Lifetime);
        Assert.Equal(TimeSpan.FromSeconds(refreshBeforeSeconds), token.RefreshBefore);
        Assert.Equal(_requestedAt.AddHours(1).AddSeconds(-refreshBeforeSeconds), token.RefreshAt);
        Assert.Equal(_requestedAt.AddHours(1).AddSeconds(-5), token.UsableUntil);
    }

    [Fact]
    public void Issued_LifetimeShorterThanMargin_RefreshAtHalfLife()
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromMinutes(4)), _requestedAt, _upstream, 0.5);

        Assert.Equal(TimeSpan.FromMinutes(2), token.RefreshBefore);
        Assert.Equal(_requestedAt.AddMinutes(2), token.RefreshAt);
        Assert.Equal(_requestedAt.AddMinutes(4).AddSeconds(-5), token.UsableUntil);
    }

    [Fact]
    public void Issued_LifetimeEqualToMarginPlusJitter_RefreshAtHalfLife()
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromSeconds(330)), _requestedAt, _upstream, 1.0);

        Assert.Equal(_requestedAt.AddSeconds(165), token.RefreshAt);
    }

    [Fact]
    public void Issued_ThirtySecondToken_UsableUntilLastTenthOfLife()
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromSeconds(30)), _requestedAt, _upstream, 0.0);

        Assert.Equal(_requestedAt.AddSeconds(15), token.RefreshAt);
        Assert.Equal(_requestedAt.AddSeconds(27), token.UsableUntil);
    }

    [Fact]
    public void Issued_Token_AuthorizationValueAndFingerprint()
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromHours(1)), _requestedAt, _upstream, 0.0);

        Assert.Equal(Value, token.Value);
        Assert.Equal("Bearer " + Value, token.AuthorizationValue);
        Assert.Equal(TokenProtector.Fingerprint(Value), token.Fingerprint);
    }

    [Fact]
    public void Shared_TenMinutesLeftOfOneHour_TimelineFromRemaining()
    {
        var now = _requestedAt.AddMinutes(50);

        var token = UpstreamToken.Shared(Value, now, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        Assert.Equal(_requestedAt, token.IssuedAt);
        Assert.Equal(_requestedAt.AddHours(1), token.ExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(5), token.RefreshBefore);
        Assert.Equal(_requestedAt.AddMinutes(55), token.RefreshAt);
        Assert.Equal(_requestedAt.AddHours(1).AddSeconds(-5), token.UsableUntil);
    }

    [Fact]
    public void Shared_ShortLifetime_UsableUntilLastTenth()
    {
        var token = UpstreamToken.Shared(Value, _requestedAt, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));

        Assert.Equal(_requestedAt.AddSeconds(10), token.RefreshAt);
        Assert.Equal(_requestedAt.AddSeconds(18), token.UsableUntil);
    }

    [Fact]
    public void ToString_Token_FingerprintAndExpiryNeverTheValue()
    {
        var token = UpstreamToken.Issued(new IssuedToken(Value, TimeSpan.FromHours(1)), _requestedAt, _upstream, 0.0);

        var text = token.ToString();

        Assert.Equal($"UpstreamToken({TokenProtector.Fingerprint(Value)}, expires 2026-11-21T13:00:00.0000000+00:00)", text);
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
    }
}
