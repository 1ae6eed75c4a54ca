using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using TypingGateway.Hosting;

namespace TypingGateway.DataProtection;

/// <summary>
/// Data Protection as the gateway uses it: one application name for all instances and, when a
/// key-encryption secret is configured, keys encrypted at rest. Where the keys live is decided
/// elsewhere: in Redis when it is configured (<c>Redis/RedisDataProtection</c>), otherwise
/// Data Protection's default (a per-user directory, or memory), which replicas do not share.
/// </summary>
internal static class GatewayDataProtection
{
    public static IServiceCollection AddGatewayDataProtection(this IServiceCollection services)
    {
        services.AddOptions<GatewayDataProtectionOptions>().BindConfiguration(GatewayDataProtectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayDataProtectionOptions>, GatewayDataProtectionOptionsValidator>();
        // Bound unvalidated: Data Protection reads it while YARP's middleware is built, before the start-up
        // validation (GatewayDataProtectionOptionsValidator) reports a bad secret with every other error.
        services.AddSingleton(sp => KeyEncryptionSecret.Create(
            sp.GetRequiredService<IConfiguration>().GetSection(GatewayDataProtectionOptions.SectionName).Get<GatewayDataProtectionOptions>() ?? new(),
            sp.GetRequiredService<TypingGatewayMarker>().ConfigDirectory,
            errors: []));

        services.AddDataProtection().SetApplicationName(DataProtectionDefaults.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
        {
            var secret = sp.GetRequiredService<KeyEncryptionSecret>();
            if (secret.IsConfigured)
            {
                keys.XmlEncryptor = new SecretXmlEncryptor(secret);
            }
        });

        return services;
    }
}
