using Microsoft.Extensions.Options;

namespace TypingGateway.Configuration;

/// <summary>
/// Turns the exception trees that YARP and the options system produce for bad configuration
/// into a flat list of readable sentences.
/// </summary>
internal static class ConfigErrors
{
    public static IReadOnlyList<string> Flatten(Exception exception)
    {
        var errors = new List<string>();
        Collect(exception, errors);
        return errors;
    }

    private static void Collect(Exception exception, List<string> errors)
    {
        switch (exception)
        {
            case GatewayConfigurationException gateway:
                errors.AddRange(gateway.Errors);
                break;
            case OptionsValidationException options:
                errors.AddRange(options.Failures);
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, errors);
                }

                break;
            // YARP wraps whatever a config filter throws ("An exception was thrown from the
            // configuration callbacks for route 'x'.") and wraps the whole load failure again
            // ("Unable to load or apply the proxy configuration."); the useful text is inside.
            case { InnerException: { } inner }:
                Collect(inner, errors);
                break;
            default:
                errors.Add(exception.Message);
                break;
        }
    }
}
