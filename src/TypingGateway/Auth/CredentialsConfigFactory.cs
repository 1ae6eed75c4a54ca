using System.Text;
using System.Text.RegularExpressions;
using TypingGateway.Configuration;

namespace TypingGateway.Auth;

/// <summary>Builds <see cref="CredentialsConfig"/> from the <c>Upstreams</c> and <c>GuestTickets</c> sections, listing every error.</summary>
internal static partial class CredentialsConfigFactory
{
    private const string InlineClientSecretKey = "ClientSecret";
    private const string InlineTicketSecretKey = "Secret";
    private static readonly TimeSpan _maxTokenRequestTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan _maxClockSkew = TimeSpan.FromMinutes(5);

    public static (CredentialsConfig Value, IReadOnlyList<string> Errors) Build(IConfiguration configuration, string configDirectory)
    {
        var errors = new List<string>();
        var upstreams = BuildUpstreams(configuration, configDirectory, errors);
        var tickets = BuildTickets(configuration, configDirectory, errors);
        return (upstreams is null || tickets is null ? CredentialsConfig.Empty : new CredentialsConfig(upstreams, tickets), errors);
    }

    /// <summary>Names of the configured upstreams, for route validation (which runs before this config is built).</summary>
    public static IReadOnlyList<string> UpstreamNames(IConfiguration configuration) =>
        [.. configuration.GetSection(AuthDefaults.UpstreamsSection).GetChildren().Select(c => c.Key)];

    /// <summary>Whether any guest-ticket key is configured, for route validation.</summary>
    public static bool HasTicketKeys(IConfiguration configuration) =>
        configuration.GetSection(GuestTicketOptions.SectionName).GetSection(nameof(GuestTicketOptions.Keys)).GetChildren().Any();

    private static Dictionary<string, Upstream>? BuildUpstreams(IConfiguration configuration, string configDirectory, List<string> errors)
    {
        var upstreams = new Dictionary<string, Upstream>(StringComparer.OrdinalIgnoreCase);
        var complete = true;
        foreach (var child in configuration.GetSection(AuthDefaults.UpstreamsSection).GetChildren())
        {
            // One by one: bound as a dictionary, an entry with an unconvertible value would vanish without an error.
            var owner = $"{AuthDefaults.UpstreamsSection}:{child.Key}";
            if (ConfigBinding.Bind<UpstreamOptions>(configuration, owner, errors) is not { } upstream)
            {
                complete = false;
                continue;
            }

            if (Build(child.Key, owner, upstream, child, configDirectory, errors) is { } built)
            {
                upstreams[child.Key] = built;
            }
        }

        if (!complete)
        {
            return null;
        }

        return upstreams;
    }

    private static Upstream? Build(string name, string owner, UpstreamOptions options, IConfigurationSection section, string configDirectory, List<string> errors)
    {
        var before = errors.Count;
        void Error(string message) => errors.Add($"{owner}: {message}");

        if (!NamePattern().IsMatch(name))
        {
            Error("the upstream name may only contain letters, digits, '.', '_' and '-' (at most 64).");
        }

        if (!Uri.TryCreate(options.TokenUrl, UriKind.Absolute, out var tokenUrl) || (tokenUrl.Scheme != Uri.UriSchemeHttp && tokenUrl.Scheme != Uri.UriSchemeHttps))
        {
            Error($"TokenUrl '{options.TokenUrl}' is not an absolute http:// or https:// URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            Error("ClientId is required.");
        }

        if (section[InlineClientSecretKey] is not null)
        {
            Error($"{InlineClientSecretKey} is not accepted in configuration (secrets never live in config files); "
                + $"set {nameof(UpstreamOptions.ClientSecretEnv)} or {nameof(UpstreamOptions.ClientSecretFile)}.");
        }

        var secret = SecretReference.Create(owner, nameof(UpstreamOptions.ClientSecretEnv), options.ClientSecretEnv,
            nameof(UpstreamOptions.ClientSecretFile), options.ClientSecretFile, configDirectory, errors);

        if (options.Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
        {
            Error("Scopes must be non-empty and contain no whitespace (they are sent space-separated).");
        }

        NotNegative(Error, nameof(UpstreamOptions.RefreshMargin), options.RefreshMargin);
        NotNegative(Error, nameof(UpstreamOptions.RefreshJitter), options.RefreshJitter);
        NotNegative(Error, nameof(UpstreamOptions.ForcedRenewalInterval), options.ForcedRenewalInterval);
        if (options.TokenRequestTimeout <= TimeSpan.Zero || options.TokenRequestTimeout > _maxTokenRequestTimeout)
        {
            Error($"TokenRequestTimeout must be more than 0 and at most {_maxTokenRequestTimeout} (it is {options.TokenRequestTimeout}).");
        }

        if (options.FailureBackoff <= TimeSpan.Zero || options.MaxFailureBackoff < options.FailureBackoff)
        {
            Error($"FailureBackoff must be more than 0 and at most MaxFailureBackoff (they are {options.FailureBackoff} and {options.MaxFailureBackoff}).");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var scope = options.Scopes.Count == 0 ? null : string.Join(' ', options.Scopes);
        return new Upstream(name, tokenUrl!, options.ClientId!, secret!, scope, options.AuthStyle, options.RefreshMargin, options.RefreshJitter,
            options.TokenRequestTimeout, options.FailureBackoff, options.MaxFailureBackoff, options.ForcedRenewalInterval);
    }

    private static GuestTicketKeyRing? BuildTickets(IConfiguration configuration, string configDirectory, List<string> errors)
    {
        var options = ConfigBinding.Bind<GuestTicketOptions>(configuration, GuestTicketOptions.SectionName, errors);
        if (options is null)
        {
            return null;
        }

        var before = errors.Count;
        const string section = GuestTicketOptions.SectionName;
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (keyId, key) in options.Keys)
        {
            var owner = $"{section}:Keys:{keyId}";
            if (!GuestTicket.IsValidKeyId(keyId))
            {
                errors.Add($"{owner}: a key id may only contain letters, digits, '_' and '-' (at most {GuestTicket.MaxKeyIdLength}).");
            }

            if (configuration.GetSection(owner)[InlineTicketSecretKey] is not null)
            {
                errors.Add($"{owner}: {InlineTicketSecretKey} is not accepted in configuration (secrets never live in config files); set SecretEnv or SecretFile.");
                continue;
            }

            var reference = SecretReference.Create(owner, nameof(GuestTicketKeyOptions.SecretEnv), key.SecretEnv, nameof(GuestTicketKeyOptions.SecretFile), key.SecretFile, configDirectory, errors);
            if (reference is not null && reference.TryRead(out var value, out _))
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                if (bytes.Length < AuthDefaults.MinTicketKeyBytes)
                {
                    errors.Add($"{owner}: the key from {reference} has {bytes.Length} bytes; HMAC-SHA256 keys need at least {AuthDefaults.MinTicketKeyBytes}.");
                }

                keys[keyId] = bytes;
            }
        }

        if (string.IsNullOrWhiteSpace(options.HeaderName) || !HeaderPattern().IsMatch(options.HeaderName))
        {
            errors.Add($"{section}: HeaderName '{options.HeaderName}' is not a valid HTTP header name.");
        }

        if (string.IsNullOrWhiteSpace(options.QueryParameter))
        {
            errors.Add($"{section}: QueryParameter must not be empty.");
        }

        if (options.MaxLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{section}: MaxLifetime must be more than 0 (it is {options.MaxLifetime}).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > _maxClockSkew)
        {
            errors.Add($"{section}: ClockSkew must be between 0 and {_maxClockSkew} (it is {options.ClockSkew}).");
        }

        return errors.Count > before
            ? null
            : new GuestTicketKeyRing(keys, options.HeaderName, options.QueryParameter, options.MaxLifetime, options.ClockSkew);
    }

    private static void NotNegative(Action<string> error, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            error($"{name} must not be negative (it is {value}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();

    // RFC 9110 §5.6.2 token characters.
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderPattern();
}
