using System.Text;
using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary><see cref="CredentialsConfigFactory"/>: the <c>GuestTickets</c> section.</summary>
public sealed partial class CredentialsConfigFactoryTests
{
    private const string KeyOwner = "GuestTickets:Keys:dev";

    [Fact]
    public void Build_NoGuestTicketsSection_DefaultsAndNoKeys()
    {
        var settings = Shipped();
        settings.Remove($"{KeyOwner}:SecretEnv");
        settings.Remove("GuestTickets:MaxLifetime");

        var (value, errors) = Build(settings);

        Assert.Empty(errors);
        Assert.Empty(value.Tickets.KeyIds);
        Assert.Equal(TimeSpan.FromHours(24), value.Tickets.MaxLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), value.Tickets.ClockSkew);
        Assert.False(CredentialsConfigFactory.HasTicketKeys(Configuration(settings)));
    }

    [Fact]
    public void HasTicketKeys_ShippedConfig_True()
    {
        Assert.True(CredentialsConfigFactory.HasTicketKeys(Configuration(Shipped())));
    }

    [Theory]
    [InlineData("dev.1")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    public void Build_BadKeyId_Error(string keyId)
    {
        var settings = Shipped();
        settings.Remove($"{KeyOwner}:SecretEnv");
        settings[$"GuestTickets:Keys:{keyId}:SecretEnv"] = _ticketKey.Name;

        var errors = Build(settings).Errors;

        Assert.Equal([$"GuestTickets:Keys:{keyId}: a key id may only contain letters, digits, '_' and '-' (at most 32)."], errors);
    }

    [Fact]
    public void Build_InlineTicketSecret_Rejected()
    {
        var settings = Shipped();
        settings[$"{KeyOwner}:Secret"] = TicketKey;

        var (value, errors) = Build(settings);

        Assert.Equal([$"{KeyOwner}: Secret is not accepted in configuration (secrets never live in config files); set SecretEnv or SecretFile."], errors);
        Assert.Same(CredentialsConfig.Empty, value);
    }

    [Fact]
    public void Build_TicketKeyShorterThan32Bytes_ErrorNamesSourceAndLength()
    {
        using var shortKey = new TestSecret(TicketKey[..31]);
        var errors = ErrorsWith($"{KeyOwner}:SecretEnv", shortKey.Name);

        Assert.Equal([$"{KeyOwner}: the key from environment variable '{shortKey.Name}' has 31 bytes; HMAC-SHA256 keys need at least 32."], errors);
    }

    [Fact]
    public void Build_TicketKeyOf16TwoByteCharacters_CountedAs32Bytes()
    {
        using var key = new TestSecret(new string('ü', 16));
        var settings = Shipped();
        settings[$"{KeyOwner}:SecretEnv"] = key.Name;

        var (value, errors) = Build(settings);

        Assert.Empty(errors);
        Assert.True(value.Tickets.TryGetKey("dev", out var bytes));
        Assert.Equal(32, bytes.Length);
    }

    [Fact]
    public void Build_TicketKeyFileWithTrailingNewline_NewlineNotPartOfKey()
    {
        File.WriteAllText(Path.Combine(_directory, "dev.key"), TicketKey + "\n");
        var settings = Shipped();
        settings.Remove($"{KeyOwner}:SecretEnv");
        settings[$"{KeyOwner}:SecretFile"] = "dev.key";

        var (value, errors) = Build(settings);

        Assert.Empty(errors);
        Assert.True(value.Tickets.TryGetKey("dev", out var bytes));
        Assert.Equal(Encoding.UTF8.GetBytes(TicketKey), bytes);
    }

    [Fact]
    public void Build_TicketKeyNeitherEnvNorFile_Error()
    {
        var settings = Shipped();
        settings.Remove($"{KeyOwner}:SecretEnv");
        settings[$"{KeyOwner}:SecretFile"] = " ";

        Assert.Equal([$"{KeyOwner}: no secret configured; set SecretEnv (an environment variable name) or SecretFile (a file path)."], Build(settings).Errors);
    }

    [Theory]
    [InlineData("X Guest-Ticket")]
    [InlineData("X-Guest:Ticket")]
    [InlineData("X-Gäst")]
    [InlineData(" ")]
    public void Build_BadHeaderName_Error(string header)
    {
        Assert.Equal([$"GuestTickets: HeaderName '{header}' is not a valid HTTP header name."], ErrorsWith("GuestTickets:HeaderName", header));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void Build_MaxLifetimeNotPositive_Error(string lifetime)
    {
        Assert.Equal([$"GuestTickets: MaxLifetime must be more than 0 (it is {lifetime})."], ErrorsWith("GuestTickets:MaxLifetime", lifetime));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    public void Build_ClockSkewOutOfRange_Error(string skew)
    {
        Assert.Equal([$"GuestTickets: ClockSkew must be between 0 and 00:05:00 (it is {skew})."], ErrorsWith("GuestTickets:ClockSkew", skew));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:05:00")]
    public void Build_ClockSkewAtBounds_Accepted(string skew)
    {
        Assert.Empty(ErrorsWith("GuestTickets:ClockSkew", skew));
    }

    [Fact]
    public void Build_SeveralTicketErrors_AllListed()
    {
        using var shortKey = new TestSecret("short");
        var settings = Shipped();
        settings[$"{KeyOwner}:SecretEnv"] = shortKey.Name;
        settings["GuestTickets:Keys:old:Secret"] = TicketKey;
        settings["GuestTickets:ClockSkew"] = "01:00:00";

        var errors = Build(settings).Errors;

        Assert.Equal(
            [
                $"{KeyOwner}: the key from environment variable '{shortKey.Name}' has 5 bytes; HMAC-SHA256 keys need at least 32.",
                "GuestTickets:Keys:old: Secret is not accepted in configuration (secrets never live in config files); set SecretEnv or SecretFile.",
                "GuestTickets: ClockSkew must be between 0 and 00:05:00 (it is 01:00:00).",
            ],
            errors);
    }
}
