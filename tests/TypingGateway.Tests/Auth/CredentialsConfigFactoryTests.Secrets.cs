using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary><see cref="CredentialsConfigFactory"/>: where an upstream's client secret comes from.</summary>
public sealed partial class CredentialsConfigFactoryTests
{
    [Fact]
    public void Build_InlineClientSecret_Rejected()
    {
        var settings = Shipped();
        settings[$"{Owner}:ClientSecret"] = "hunter2";

        var (value, errors) = Build(settings);

        Assert.Equal([$"{Owner}: ClientSecret is not accepted in configuration (secrets never live in config files); set ClientSecretEnv or ClientSecretFile."], errors);
        Assert.Empty(value.Upstreams);
    }

    [Fact]
    public void Build_BothClientSecretEnvAndFile_Error()
    {
        Assert.Equal([$"{Owner}: set either ClientSecretEnv or ClientSecretFile, not both."], ErrorsWith($"{Owner}:ClientSecretFile", "secret.txt"));
    }

    [Fact]
    public void Build_NeitherClientSecretEnvNorFile_Error()
    {
        Assert.Equal([$"{Owner}: no secret configured; set ClientSecretEnv (an environment variable name) or ClientSecretFile (a file path)."], ErrorsWith($"{Owner}:ClientSecretEnv", null));
    }

    [Fact]
    public void Build_ClientSecretEnvNotSet_ErrorNamesVariable()
    {
        using var unset = new TestSecret(null);
        Assert.Equal([$"{Owner}: the environment variable '{unset.Name}' is not set or empty."], ErrorsWith($"{Owner}:ClientSecretEnv", unset.Name));
    }

    [Fact]
    public void Build_RelativeClientSecretFile_ResolvedAgainstConfigDirectoryAndTrailingNewlineTrimmed()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "secrets"));
        File.WriteAllText(Path.Combine(_directory, "secrets", "genesys.txt"), "file-secret\r\n");
        var settings = ShippedWithSecretFile("secrets/genesys.txt");

        var (value, errors) = Build(settings);

        Assert.Empty(errors);
        var secret = value.Upstreams["genesys"].ClientSecret;
        Assert.Equal(new SecretReference(null, Path.Combine(_directory, "secrets", "genesys.txt")), secret);
        Assert.True(secret.TryRead(out var read, out _));
        Assert.Equal("file-secret", read);
    }

    [Theory]
    [InlineData("missing.txt")]
    [InlineData("no-such-dir/secret.txt")]
    public void Build_ClientSecretFileMissing_ErrorNamesFullPath(string file)
    {
        var errors = Build(ShippedWithSecretFile(file)).Errors;

        Assert.Equal($"{Owner}: the secret file '{Path.GetFullPath(file, _directory)}' does not exist.", Assert.Single(errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n\n")]
    public void Build_ClientSecretFileEmpty_Error(string content)
    {
        var path = Path.Combine(_directory, "empty.txt");
        File.WriteAllText(path, content);

        Assert.Equal([$"{Owner}: the secret file '{path}' is empty."], Build(ShippedWithSecretFile(path)).Errors);
    }

    private Dictionary<string, string?> ShippedWithSecretFile(string file)
    {
        var settings = Shipped();
        settings.Remove($"{Owner}:ClientSecretEnv");
        settings[$"{Owner}:ClientSecretFile"] = file;
        return settings;
    }
}
