using Microsoft.Extensions.Options;

namespace TypingGateway.Diagnostics;

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && OtlpTarget.ParseEndpoint(options.OtlpEndpoint) is null)
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https URL, e.g. http://otel-collector:4317.");
        }

        if (OtlpTarget.ParseProtocol(options.OtlpProtocol) is null)
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpProtocol must be {TelemetryDefaults.Grpc} or {TelemetryDefaults.HttpProtobuf}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
