namespace TypingGateway.DataProtection;

/// <summary>
/// How the gateway's ASP.NET Core Data Protection key ring (used by YARP's <c>Cookie</c> session
/// affinity) is encrypted at rest. With Redis configured the key ring is kept in Redis so every
/// replica shares it; set one of the two secret settings so the keys are not stored in clear.
/// </summary>
public sealed class GatewayDataProtectionOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>Name of the environment variable that holds the key-encryption secret (at least 32 bytes of UTF-8).</summary>
    public string? KeyEncryptionSecretEnv { get; set; }

    /// <summary>Path of a file that holds the key-encryption secret (relative paths: from the config directory).</summary>
    public string? KeyEncryptionSecretFile { get; set; }
}
