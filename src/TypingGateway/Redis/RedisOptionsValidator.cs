using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TypingGateway.Redis;

internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            try
            {
                _ = ConfigurationOptions.Parse(options.Configuration);
            }
            catch (ArgumentException)
            {
                // The string may hold a password: say what is wrong, never echo it.
                errors.Add("Redis:Configuration is not a valid StackExchange.Redis configuration string.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
        {
            errors.Add("Redis:KeyPrefix must be non-empty and contain no whitespace or braces.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("Redis:ConnectTimeout must be positive.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            errors.Add("Redis:OperationTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
