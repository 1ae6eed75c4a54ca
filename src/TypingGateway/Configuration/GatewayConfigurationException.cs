namespace TypingGateway.Configuration;

/// <summary>
/// The gateway's configuration is invalid. <see cref="Errors"/> lists every problem found,
/// so an operator can fix them all in one pass.
/// </summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public GatewayConfigurationException()
        : this([])
    {
    }

    public GatewayConfigurationException(string message)
        : this([message])
    {
    }

    public GatewayConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Every configuration error, one sentence each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        errors.Count switch
        {
            0 => "The gateway configuration is invalid.",
            1 => "The gateway configuration is invalid: " + errors[0],
            _ => $"The gateway configuration is invalid ({errors.Count} errors):{Environment.NewLine}  - "
                 + string.Join(Environment.NewLine + "  - ", errors),
        };
}
