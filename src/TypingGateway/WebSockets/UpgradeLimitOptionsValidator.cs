using Microsoft.Extensions.Options;

namespace TypingGateway.WebSockets;

internal sealed class UpgradeLimitOptionsValidator : IValidateOptions<UpgradeLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, UpgradeLimitOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConnections < 1)
        {
            errors.Add($"{UpgradeLimitOptions.SectionName}:MaxConnections must be at least 1 (leave it unset for the default derived from the open-file limit).");
        }

        if (options.RetryAfter < TimeSpan.FromSeconds(1) || options.RetryAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{UpgradeLimitOptions.SectionName}:RetryAfter must be between 00:00:01 and 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
