using Microsoft.Extensions.Options;

namespace TypingGateway.Simulator.Hosting;

/// <summary>Reports every invalid setting at once, so one start shows all mistakes.</summary>
internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var errors = new List<string>();
        var genesys = options.Genesys;
        if (genesys.MessagesPerSecond < 1)
        {
            errors.Add("Simulator:Genesys:MessagesPerSecond must be at least 1.");
        }

        if (genesys.MaxTextLength < 1)
        {
            errors.Add("Simulator:Genesys:MaxTextLength must be at least 1.");
        }

        if (genesys.AgentReplyDelay < TimeSpan.Zero)
        {
            errors.Add("Simulator:Genesys:AgentReplyDelay must not be negative.");
        }

        if (options.OAuth.ExpiresInSeconds < 0)
        {
            errors.Add("Simulator:OAuth:ExpiresInSeconds must not be negative.");
        }

        if (options.OAuth.Clients.Any(c => string.IsNullOrEmpty(c.ClientId)))
        {
            errors.Add("Simulator:OAuth:Clients entries need a ClientId.");
        }

        if (options.Recorder.MaxItems < 1)
        {
            errors.Add("Simulator:Recorder:MaxItems must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
