using System.Text.RegularExpressions;
using TypingGateway.Configuration;

namespace TypingGateway.RateLimiting;

/// <summary>Builds <see cref="RateLimitSettings"/> from the <c>RateLimits</c> section, listing every error.</summary>
internal static partial class RateLimitPolicyFactory
{
    private const double MaxRate = 1_000_000;

    // Below this an emission interval (in µs) times any sane burst would overflow the GCRA arithmetic.
    private const double MinRate = 0.001;
    private const int MaxBurst = 1_000_000;
    private static readonly TimeSpan _maxDelayLimit = TimeSpan.FromMinutes(1);

    public static (RateLimitSettings Value, IReadOnlyList<string> Errors) Build(IConfiguration configuration)
    {
        var errors = new List<string>();
        var section = configuration.GetSection(RateLimitOptions.SectionName);
        var instanceCount = section.GetValue<string>(nameof(RateLimitOptions.InstanceCount)) is { } raw
            ? int.TryParse(raw, out var parsed) && parsed >= 1 ? parsed : Error(errors, $"{RateLimitOptions.SectionName}: InstanceCount '{raw}' must be a whole number of at least 1.")
            : 1;

        var policies = new Dictionary<string, RateLimitPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetSection(nameof(RateLimitOptions.Policies)).GetChildren())
        {
            var owner = $"{RateLimitOptions.SectionName}:Policies:{child.Key}";
            if (ConfigBinding.Bind<RateLimitPolicyOptions>(configuration, owner, errors) is { } options
                && Build(child.Key, owner, options, errors) is { } policy)
            {
                policies[child.Key] = policy;
            }
        }

        return errors.Count > 0 ? (RateLimitSettings.Empty, errors) : (new RateLimitSettings(policies, instanceCount), errors);
    }

    /// <summary>Names of the configured policies, for route validation (which runs before the catalog is rebuilt).</summary>
    public static IReadOnlyList<string> Names(IConfiguration configuration) =>
        [.. configuration.GetSection(RateLimitOptions.SectionName).GetSection(nameof(RateLimitOptions.Policies)).GetChildren().Select(c => c.Key)];

    private static RateLimitPolicy? Build(string name, string owner, RateLimitPolicyOptions options, List<string> errors)
    {
        var before = errors.Count;
        void Fail(string message) => errors.Add($"{owner}: {message}");

        if (!NamePattern().IsMatch(name))
        {
            Fail("the policy name may only contain letters, digits, '.', '_' and '-' (at most 64).");
        }

        if (!(options.PermitsPerSecond >= MinRate && options.PermitsPerSecond <= MaxRate))
        {
            Fail($"PermitsPerSecond must be at least {MinRate} and at most {MaxRate} (it is {options.PermitsPerSecond}).");
        }

        var burst = options.Burst ?? (int)Math.Clamp(Math.Ceiling(options.PermitsPerSecond), 1, MaxBurst);
        if (burst is < 1 or > MaxBurst)
        {
            Fail($"Burst must be at least 1 and at most {MaxBurst} (it is {burst}).");
        }

        var (kind, partitionName) = ParsePartition(options.Partition, Fail);
        if (options.Mode == RateLimitMode.Shape && (options.MaxDelay <= TimeSpan.Zero || options.MaxDelay > _maxDelayLimit))
        {
            Fail($"MaxDelay must be more than 0 and at most {_maxDelayLimit} when Mode is Shape (it is {options.MaxDelay}).");
        }

        if (options.CloseAtMultiple is < 0 or (> 0 and < 1))
        {
            Fail($"CloseAtMultiple must be 0 (never close) or at least 1 (it is {options.CloseAtMultiple}).");
        }

        if (options.LeasePermits < 1 || (burst >= 1 && options.LeasePermits > burst))
        {
            Fail($"LeasePermits must be at least 1 and at most the Burst ({burst}) (it is {options.LeasePermits}).");
        }
        else if (options.LeasePermits > 1 && options.Mode == RateLimitMode.Shape)
        {
            Fail("LeasePermits applies to Mode Reject only: shaped permits are decided one at a time.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var maxDelay = options.Mode == RateLimitMode.Shape ? options.MaxDelay : TimeSpan.Zero;
        return new RateLimitPolicy(name, new GcraLimits(options.PermitsPerSecond, burst, maxDelay), kind, partitionName, options.Mode,
            options.CloseAtMultiple, string.IsNullOrEmpty(options.RejectionFrame) ? null : options.RejectionFrame, options.LeasePermits);
    }

    private static (RateLimitPartitionKind Kind, string? Name) ParsePartition(string? partition, Action<string> fail)
    {
        var value = partition?.Trim() ?? string.Empty;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var (source, name) = colon < 0 ? (value, null) : (value[..colon].TrimEnd(), value[(colon + 1)..].TrimStart());
        if (value.Length == 0)
        {
            fail("Partition is required: ip, guest, route:<name>, header:<name> or query:<name>.");
            return (RateLimitPartitionKind.ClientIp, null);
        }

        RateLimitPartitionKind? kind = source.ToLowerInvariant() switch
        {
            "ip" when name is null => RateLimitPartitionKind.ClientIp,
            "guest" when name is null => RateLimitPartitionKind.Guest,
            "route" when !string.IsNullOrWhiteSpace(name) => RateLimitPartitionKind.RouteValue,
            "header" when !string.IsNullOrWhiteSpace(name) => RateLimitPartitionKind.Header,
            "query" when !string.IsNullOrWhiteSpace(name) => RateLimitPartitionKind.Query,
            _ => null,
        };
        if (kind is null)
        {
            fail($"Partition '{partition}' is not valid; use ip, guest, route:<name>, header:<name> or query:<name>.");
            return (RateLimitPartitionKind.ClientIp, null);
        }

        return (kind.Value, name);
    }

    private static int Error(List<string> errors, string message)
    {
        errors.Add(message);
        return 1;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
