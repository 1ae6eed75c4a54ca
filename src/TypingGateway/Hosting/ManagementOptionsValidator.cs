using System.Net;
using Microsoft.Extensions.Options;

namespace TypingGateway.Hosting;

/// <summary>
/// Checks <see cref="ManagementOptions"/>. A port that a public URL uses too is left to Kestrel, which
/// refuses to bind the same address twice and names it.
/// </summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{ManagementOptions.SectionName}:Port must be between 1 and {IPEndPoint.MaxPort} (it is {options.Port}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
