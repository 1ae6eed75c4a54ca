using System.Text;
using TypingGateway.Auth;

namespace TypingGateway.DataProtection;

/// <summary>
/// The secret that encrypts Data Protection keys at rest, read once at start; <see cref="Value"/> is
/// null when none is configured (keys are then stored as Data Protection writes them, in clear).
/// </summary>
internal sealed class KeyEncryptionSecret
{
    private const string Owner = GatewayDataProtectionOptions.SectionName;

    private KeyEncryptionSecret(byte[]? value) => Value = value;

    public byte[]? Value { get; }

    public bool IsConfigured => Value is not null;

    /// <summary>Reads the configured secret, adding a sentence to <paramref name="errors"/> for each problem.</summary>
    public static KeyEncryptionSecret Create(GatewayDataProtectionOptions options, string configDirectory, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionSecretEnv) && string.IsNullOrWhiteSpace(options.KeyEncryptionSecretFile))
        {
            return new KeyEncryptionSecret(null);
        }

        var reference = SecretReference.Create(
            Owner,
            nameof(GatewayDataProtectionOptions.KeyEncryptionSecretEnv), options.KeyEncryptionSecretEnv,
            nameof(GatewayDataProtectionOptions.KeyEncryptionSecretFile), options.KeyEncryptionSecretFile,
            configDirectory, errors);
        if (reference is null || !reference.TryRead(out var secret, out _))
        {
            return new KeyEncryptionSecret(null);
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < DataProtectionDefaults.MinSecretBytes)
        {
            errors.Add($"{Owner}: the key-encryption secret from {reference} is shorter than {DataProtectionDefaults.MinSecretBytes} bytes.");
            return new KeyEncryptionSecret(null);
        }

        return new KeyEncryptionSecret(bytes);
    }
}
