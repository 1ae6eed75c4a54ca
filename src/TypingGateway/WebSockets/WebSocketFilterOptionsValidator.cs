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

        if (options.OversizeDiscardPerMessage < 1)
        {
            errors.Add($"{WebSocketFilterOptions.SectionName}:OversizeDiscardPerMessage must be at least 1.");
        }

        if (options.OversizeDiscardPerWindow < Math.Max(1, options.OversizeDiscardPerMessage))
        {
            errors.Add($"{WebSocketFilterOptions.SectionName}:OversizeDiscardPerWindow must be at least 1 and at least OversizeDiscardPerMessage.");
        }

        if (options.OversizeDiscardWindow <= TimeSpan.Zero)
        {
            errors.Add($"{WebSocketFilterOptions.SectionName}:OversizeDiscardWindow must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
