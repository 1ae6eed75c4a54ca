using Microsoft.Extensions.Options;

namespace TypingGateway.WebSockets;

internal sealed class WebSocketFilterOptionsValidator : IValidateOptions<WebSocketFilterOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSocketFilterOptions options)
    {
        var errors = new List<string>();
        if (options.InspectionLimit is < 0 or > WebSocketFilterDefaults.MaxInspectionLimit)
        {
            errors.Add($"{WebSocketFilterOptions.SectionName}:InspectionLimit must be between 0 and {WebSocketFilterDefaults.MaxInspectionLimit}.");
        }

        if (options.MaxPendingInjections < 1)
        {
            errors.Add($"{WebSocketFilterOptions.SectionName}:MaxPendingInjections must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
