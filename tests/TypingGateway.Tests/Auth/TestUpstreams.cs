using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary>Validated upstreams for tests; vary them with <c>with</c>.</summary>
internal static class TestUpstreams
{
    public static readonly Uri TokenUrl = new("http://idp.test/oauth/token");

    /// <summary>Shipped-like settings, but without jitter, so refresh times are exact.</summary>
    public static Upstream Genesys(SecretReference? secret = null) => new(
        Name: "genesys",
        TokenUrl: TokenUrl,
        ClientId: "sim-client",
        ClientSecret: secret ?? new SecretReference("TYPINGGATEWAY_TEST_UNUSED", null),
        Scope: null,
        AuthStyle: UpstreamAuthStyle.Basic,
        RefreshMargin: TimeSpan.FromMinutes(5),
        RefreshJitter: TimeSpan.Zero,
        TokenRequestTimeout: TimeSpan.FromSeconds(10),
        FailureBackoff: TimeSpan.FromSeconds(1),
        MaxFailureBackoff: TimeSpan.FromSeconds(30),
        ForcedRenewalInterval: TimeSpan.FromSeconds(5));
}
