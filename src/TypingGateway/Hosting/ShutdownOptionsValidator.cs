using Microsoft.Extensions.Options;

namespace TypingGateway.Hosting;

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.DrainTimeout < TimeSpan.FromSeconds(1) || options.DrainTimeout > TimeSpan.FromMinutes(10)
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.SectionName}:DrainTimeout must be between 00:00:01 and 00:10:00 (it is {options.DrainTimeout}).")
            : ValidateOptionsResult.Success;
}
