using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary><see cref="CredentialsConfigFactory"/>: the <c>Upstreams</c> section here; client secrets and <c>GuestTickets</c> in the other parts.</summary>
[Trait("Area", "Credentials")]
public sealed partial class CredentialsConfigFactoryTests : IDisposable
{
    private const string TicketKey = "0123456789abcdef0123456789abcdef";
    private const string Owner = "Upstreams:genesys";

    private readonly TestSecret _clientSecret = new("client-secret");
    private readonly TestSecret _ticketKey = new(TicketKey);
    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-config-").FullName;

    public void Dispose()
    {
        _clientSecret.Dispose();
        _ticketKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Build_ShippedLikeConfig_NoErrorsAndEverySetting()
    {
        var (value, errors) = Build(Shipped());

        Assert.Empty(errors);
        var expected = new Upstream("genesys", new Uri("http://127.0.0.1:5180/oauth/token"), "sim-client", new SecretReference(_clientSecret.Name, null), null,
            UpstreamAuthStyle.Basic, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(5));
        Assert.Equal(expected, Assert.Single(value.Upstreams).Value);
        Assert.Same(value.Upstreams["genesys"], value.Upstreams["GENESYS"]);
        Assert.Equal("X-Guest-Ticket", value.Tickets.HeaderName);
        Assert.Equal("guest_ticket", value.Tickets.QueryParameter);
        Assert.Equal(TimeSpan.FromDays(1), value.Tickets.MaxLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), value.Tickets.ClockSkew);
        Assert.Equal(["dev"], value.Tickets.KeyIds);
        Assert.True(value.Tickets.TryGetKey("dev", out var key));
        Assert.Equal(TicketKey, System.Text.Encoding.UTF8.GetString(key));
    }

    [Fact]
    public void Build_ScopesAndFormStyle_JoinedWithSpaces()
    {
        var settings = Shipped();
        settings[$"{Owner}:Scopes:0"] = "conversations";
        settings[$"{Owner}:Scopes:1"] = "users:readonly";
        settings[$"{Owner}:AuthStyle"] = "Form";

        var (value, errors) = Build(settings);

        Assert.Empty(errors);
        Assert.Equal("conversations users:readonly", value.Upstreams["genesys"].Scope);
        Assert.Equal(UpstreamAuthStyle.Form, value.Upstreams["genesys"].AuthStyle);
    }

    [Theory]
    [InlineData("ftp://idp.test/token")]
    [InlineData("/oauth/token")]
    [InlineData("not a url")]
    public void Build_TokenUrlNotHttp_Error(string url)
    {
        Assert.Equal([$"{Owner}: TokenUrl '{url}' is not an absolute http:// or https:// URL."], ErrorsWith($"{Owner}:TokenUrl", url));
    }

    [Fact]
    public void Build_TokenUrlMissing_Error()
    {
        Assert.Equal([$"{Owner}: TokenUrl '' is not an absolute http:// or https:// URL."], ErrorsWith($"{Owner}:TokenUrl", null));
    }

    [Fact]
    public void Build_ClientIdMissing_Error()
    {
        Assert.Equal([$"{Owner}: ClientId is required."], ErrorsWith($"{Owner}:ClientId", null));
    }

    [Theory]
    [InlineData("conversations users")]
    [InlineData("conversations\t")]
    [InlineData(" ")]
    public void Build_ScopeWithWhitespace_Error(string scope)
    {
        Assert.Equal([$"{Owner}: Scopes must be non-empty and contain no whitespace (they are sent space-separated)."], ErrorsWith($"{Owner}:Scopes:0", scope));
    }

    [Theory]
    [InlineData("RefreshMargin")]
    [InlineData("RefreshJitter")]
    [InlineData("ForcedRenewalInterval")]
    public void Build_NegativeInterval_Error(string name)
    {
        Assert.Equal([$"{Owner}: {name} must not be negative (it is -00:00:01)."], ErrorsWith($"{Owner}:{name}", "-00:00:01"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:02:00.0010000")]
    public void Build_TokenRequestTimeoutOutOfRange_Error(string timeout)
    {
        Assert.Equal([$"{Owner}: TokenRequestTimeout must be more than 0 and at most 00:02:00 (it is {timeout})."], ErrorsWith($"{Owner}:TokenRequestTimeout", timeout));
    }

    [Fact]
    public void Build_TokenRequestTimeoutTwoMinutes_Accepted()
    {
        Assert.Empty(ErrorsWith($"{Owner}:TokenRequestTimeout", "00:02:00"));
    }

    [Theory]
    [InlineData("00:01:00", "00:00:30")]
    [InlineData("00:00:00", "00:00:30")]
    public void Build_FailureBackoffOutOfOrder_Error(string backoff, string max)
    {
        var settings = Shipped();
        settings[$"{Owner}:FailureBackoff"] = backoff;
        settings[$"{Owner}:MaxFailureBackoff"] = max;

        Assert.Equal([$"{Owner}: FailureBackoff must be more than 0 and at most MaxFailureBackoff (they are {backoff} and {max})."], Build(settings).Errors);
    }

    [Theory]
    [InlineData("gen{esys}")]
    [InlineData("gen esys")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")] // 65 characters
    public void Build_BadUpstreamName_Error(string name)
    {
        var settings = Shipped();
        foreach (var key in settings.Keys.Where(k => k.StartsWith(Owner + ":", StringComparison.Ordinal)).ToList())
        {
            settings[$"Upstreams:{name}" + key[Owner.Length..]] = settings[key];
            settings.Remove(key);
        }

        var errors = Build(settings).Errors;

        Assert.Equal([$"Upstreams:{name}: the upstream name may only contain letters, digits, '.', '_' and '-' (at most 64)."], errors);
    }

    [Fact]
    public void Build_SeveralErrors_AllListedInOrder()
    {
        var settings = Shipped();
        settings[$"{Owner}:TokenUrl"] = "ftp://idp.test/token";
        settings.Remove($"{Owner}:ClientId");
        settings[$"{Owner}:ClientSecretFile"] = "secret.txt";
        settings[$"{Owner}:RefreshMargin"] = "-00:01:00";
        settings["GuestTickets:MaxLifetime"] = "00:00:00";
        settings["GuestTickets:HeaderName"] = "X Guest";

        var (value, errors) = Build(settings);

        Assert.Equal(
            [
                $"{Owner}: TokenUrl 'ftp://idp.test/token' is not an absolute http:// or https:// URL.",
                $"{Owner}: ClientId is required.",
                $"{Owner}: set either ClientSecretEnv or ClientSecretFile, not both.",
                $"{Owner}: RefreshMargin must not be negative (it is -00:01:00).",
                "GuestTickets: HeaderName 'X Guest' is not a valid HTTP header name.",
                "GuestTickets: MaxLifetime must be more than 0 (it is 00:00:00).",
            ],
            errors);
        Assert.Same(CredentialsConfig.Empty, value);
    }

    [Fact]
    public void UpstreamNames_TwoUpstreams_BothNames()
    {
        var settings = Shipped();
        settings["Upstreams:cxone:ClientId"] = "x";

        Assert.Equal(["cxone", "genesys"], CredentialsConfigFactory.UpstreamNames(Configuration(settings)));
    }

    /// <summary>The errors of the shipped-like config with one setting changed (null: removed).</summary>
    private IReadOnlyList<string> ErrorsWith(string key, string? value)
    {
        var settings = Shipped();
        settings[key] = value;
        if (value is null)
        {
            settings.Remove(key);
        }

        return Build(settings).Errors;
    }

    private (CredentialsConfig Value, IReadOnlyList<string> Errors) Build(Dictionary<string, string?> settings) =>
        CredentialsConfigFactory.Build(Configuration(settings), _directory);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>The shipped <c>config/credentials.json</c>, with secrets in this test's own environment variables.</summary>
    private Dictionary<string, string?> Shipped() => new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{Owner}:TokenUrl"] = "http://127.0.0.1:5180/oauth/token",
        [$"{Owner}:ClientId"] = "sim-client",
        [$"{Owner}:ClientSecretEnv"] = _clientSecret.Name,
        [$"{Owner}:AuthStyle"] = "Basic",
        [$"{Owner}:RefreshMargin"] = "00:05:00",
        [$"{Owner}:RefreshJitter"] = "00:00:30",
        ["GuestTickets:Keys:dev:SecretEnv"] = _ticketKey.Name,
        ["GuestTickets:MaxLifetime"] = "1.00:00:00",
    };
}
