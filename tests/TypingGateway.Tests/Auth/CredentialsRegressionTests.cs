using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary>
/// Regression tests for bugs the credentials unit tests found in review, one test each; every one
/// failed before its fix (background refresh ignoring the backoff, unconvertible upstream values
/// dropped silently, numeric GuestTicket metadata, expiry overflow, non-canonical base64url).
/// </summary>
[Trait("Area", "Credentials")]
public sealed class CredentialsRegressionTests
{
    /// <summary>
    /// UpstreamTokenSource.GetAsync starts a background refresh whenever now ≥ RefreshAt and 50 ms have
    /// passed since the last one; a failed background refresh sets the backoff, but that path never reads
    /// it. While the token is still usable, a failing identity provider is asked again on every request
    /// 50 ms apart instead of after FailureBackoff (1 s, doubling).
    /// </summary>
    [Fact]
    public async Task UpstreamTokenSource_GetAsync_RefreshFailedInBackground_NoNewRequestUntilBackoffPasses()
    {
        using var harness = new TokenSourceHarness();
        var first = await harness.GetAsync();
        harness.AdvanceTo(first.RefreshAt);
        harness.Endpoint.Failing = true;
        await harness.GetAsync();
        await harness.BackgroundRefreshAsync();

        for (var i = 0; i < 9; i++)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(100)); // 0.9 s in all: less than the 1 s backoff floor
            Assert.Same(first, await harness.GetAsync());
            await harness.BackgroundRefreshAsync();
        }

        Assert.Equal(2, harness.Endpoint.Calls);
    }

    /// <summary>
    /// CredentialsConfigFactory binds the whole <c>Upstreams</c> section as a dictionary; the configuration
    /// binder silently skips a dictionary entry whose value it cannot convert, so the upstream vanishes
    /// with no error (route validation still passes, as it reads the raw section names) and its routes
    /// answer 503 at run time.
    /// </summary>
    [Theory]
    [InlineData("AuthStyle", "Digest")]
    [InlineData("RefreshMargin", "five minutes")]
    [InlineData("TokenRequestTimeout", "10s")]
    public void CredentialsConfigFactory_Build_UpstreamValueNotConvertible_ErrorNamesKeyAndValue(string key, string value)
    {
        using var secret = new TestSecret("client-secret");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Upstreams:genesys:TokenUrl"] = "http://127.0.0.1:5180/oauth/token",
            ["Upstreams:genesys:ClientId"] = "sim-client",
            ["Upstreams:genesys:ClientSecretEnv"] = secret.Name,
            [$"Upstreams:genesys:{key}"] = value,
        }).Build();

        var errors = CredentialsConfigFactory.Build(configuration, Directory.GetCurrentDirectory()).Errors;

        var error = Assert.Single(errors);
        Assert.Contains($"Upstreams:genesys:{key}", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// RouteCredentials uses Enum.TryParse for the GuestTicket metadata, which also accepts numbers and
    /// comma lists: "2" passes validation and then counts as "not Required", so the route silently
    /// checks no tickets.
    /// </summary>
    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("Required,None")]
    public void RouteCredentials_Validate_GuestTicketNotANameOfTheModes_Error(string mode)
    {
        var route = RouteCredentialsTests.Route(new() { ["Upstream"] = "genesys", ["GuestTicket"] = mode, ["GuestTicketSubject"] = "conversationId" });

        var errors = RouteCredentialsTests.Validate(route);

        Assert.Equal([$"Route 'r1': metadata GuestTicket '{mode}' is not valid; use Required or None."], errors);
    }

    /// <summary>
    /// GuestTicket.Verify adds ClockSkew to the expiry (expires + keys.ClockSkew) after checking only that the
    /// expiry is at most DateTimeOffset.MaxValue; a correctly signed ticket expiring in the last 30 s of
    /// year 9999 throws ArgumentOutOfRangeException (a 500) instead of a verdict.
    /// </summary>
    [Fact]
    public void GuestTicket_Verify_ExpiryAtDateTimeOffsetMax_TooLongLived()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var ticket = GuestTicketTests.Sign("k1", "conv-1"u8.ToArray(), DateTimeOffset.MaxValue);

        var verdict = GuestTicket.Verify(ticket, GuestTicketTests.Keys, "conv-1", now);

        Assert.Equal(GuestTicketVerdict.TooLongLived, verdict);
    }

    /// <summary>
    /// GuestTicket.TryDecode validates with Base64Url.IsValid, which ignores white space and accepts '='
    /// padding, and the signature part is not covered by the signature: one valid ticket has many
    /// accepted spellings (not the documented unpadded base64url), so the ticket text cannot serve as
    /// an identity (logs, replay or rate-limit keys).
    /// </summary>
    [Theory]
    [InlineData(" ", 10)]
    [InlineData("\t", 20)]
    [InlineData("=", 43)]
    public void GuestTicket_Verify_SignatureNotCanonicalBase64Url_Malformed(string insert, int at)
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var ticket = GuestTicketTests.Sign("k1", "conv-1"u8.ToArray(), now.AddHours(1));
        var signatureStart = ticket.LastIndexOf('.') + 1;

        var verdict = GuestTicket.Verify(ticket.Insert(signatureStart + at, insert), GuestTicketTests.Keys, "conv-1", now);

        Assert.Equal(GuestTicketVerdict.Malformed, verdict);
    }
}
