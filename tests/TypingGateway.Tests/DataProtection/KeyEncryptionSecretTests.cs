using TypingGateway.DataProtection;

namespace TypingGateway.Tests.DataProtection;

public sealed class KeyEncryptionSecretTests
{
    [Fact]
    public void Create_NothingConfigured_NotConfiguredWithoutError()
    {
        var errors = new List<string>();

        var secret = KeyEncryptionSecret.Create(new GatewayDataProtectionOptions(), Path.GetTempPath(), errors);

        Assert.False(secret.IsConfigured);
        Assert.Empty(errors);
    }

    [Fact]
    public void Create_UnsetVariable_Reported()
    {
        var errors = new List<string>();
        var options = new GatewayDataProtectionOptions { KeyEncryptionSecretEnv = "TYPINGGATEWAY_TEST_UNSET_" + Guid.NewGuid().ToString("N") };

        var secret = KeyEncryptionSecret.Create(options, Path.GetTempPath(), errors);

        Assert.False(secret.IsConfigured);
        Assert.Equal([$"DataProtection: the environment variable '{options.KeyEncryptionSecretEnv}' is not set or empty."], errors);
    }

    [Fact]
    public void Create_ShortSecretFile_Reported()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "too short\n");
            var errors = new List<string>();

            var secret = KeyEncryptionSecret.Create(new GatewayDataProtectionOptions { KeyEncryptionSecretFile = file }, Path.GetTempPath(), errors);

            Assert.False(secret.IsConfigured);
            Assert.Equal([$"DataProtection: the key-encryption secret from file '{file}' is shorter than 32 bytes."], errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Create_LongEnoughSecretFile_Configured()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, new string('k', 32) + "\n");
            var errors = new List<string>();

            var secret = KeyEncryptionSecret.Create(new GatewayDataProtectionOptions { KeyEncryptionSecretFile = file }, Path.GetTempPath(), errors);

            Assert.Empty(errors);
            Assert.Equal(32, secret.Value!.Length);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
