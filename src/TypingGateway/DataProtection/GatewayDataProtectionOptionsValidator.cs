using Microsoft.Extensions.Options;
using TypingGateway.Hosting;

namespace TypingGateway.DataProtection;

/// <summary>Reports a configured but unreadable or too short key-encryption secret at start.</summary>
internal sealed class GatewayDataProtectionOptionsValidator(TypingGatewayMarker marker) : IValidateOptions<GatewayDataProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayDataProtectionOptions options)
    {
        var errors = new List<string>();
        _ = KeyEncryptionSecret.Create(options, marker.ConfigDirectory, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
