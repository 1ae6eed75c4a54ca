using Microsoft.Extensions.Options;

namespace TypingGateway.Diagnostics;

/// <summary>
/// Refuses sinks declared in the <c>Serilog</c> section: the gateway writes every event through the redaction of
/// tickets and tokens, which a sink added by Serilog.Settings.Configuration would bypass.
/// </summary>
internal sealed class LogOptionsValidator(IConfiguration configuration) : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Format))
        {
            errors.Add($"{LogOptions.SectionName}:{nameof(LogOptions.Format)} must be {LogFormat.Text} or {LogFormat.Json}.");
        }

        foreach (var section in DeclaredSinkSections(configuration))
        {
            errors.Add($"{section} is not supported: log output is chosen with {LogOptions.SectionName}:{nameof(LogOptions.Console)} "
                + $"and {LogOptions.SectionName}:{nameof(LogOptions.Format)}, so that every sink sits behind the redaction of tickets and tokens.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The <c>Serilog:WriteTo</c>/<c>Serilog:AuditTo</c> sections present in <paramref name="configuration"/>.</summary>
    public static IEnumerable<string> DeclaredSinkSections(IConfiguration configuration) =>
        LogDefaults.SinkSections.Select(s => $"{LogDefaults.SerilogSection}:{s}").Where(path => configuration.GetSection(path).Exists());
}
