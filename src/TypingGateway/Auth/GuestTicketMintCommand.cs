using System.Globalization;
using TypingGateway.Configuration;
using TypingGateway.Hosting;

namespace TypingGateway.Auth;

/// <summary>
/// <c>TypingGateway mint-ticket --subject ID [--key-id ID] [--ttl HH:MM:SS] [--config-dir PATH]</c>: mints a
/// guest ticket with a key of the gateway's own configuration and prints it alone on stdout. For
/// development and tests; in production the customer's backend mints tickets (docs/guest-tickets.md).
/// </summary>
internal static class GuestTicketMintCommand
{
    public const string Verb = "mint-ticket";

    private static readonly TimeSpan _defaultLifetime = TimeSpan.FromHours(1);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? subject = null;
        string? keyId = null;
        var lifetime = _defaultLifetime;
        var passThrough = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--subject" when value is not null:
                    subject = value;
                    i++;
                    break;
                case "--key-id" when value is not null:
                    keyId = value;
                    i++;
                    break;
                case "--ttl" when value is not null && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero:
                    lifetime = parsed;
                    i++;
                    break;
                case "--ttl":
                    await error.WriteLineAsync("--ttl needs a positive time span such as 00:30:00.").ConfigureAwait(false);
                    return 2;
                default:
                    passThrough.Add(args[i]); // --config-dir and configuration overrides
                    break;
            }
        }

        if (string.IsNullOrEmpty(subject))
        {
            await error.WriteLineAsync($"Usage: {Verb} --subject <guest or conversation id> [--key-id <id>] [--ttl 01:00:00] [--config-dir <path>]").ConfigureAwait(false);
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. passThrough, "--Logs:Console=false"] });
        builder.AddTypingGateway();
        await using var app = builder.Build();
        var catalog = app.Services.GetRequiredService<CredentialsCatalog>();
        if (catalog.StartupErrors.Count > 0)
        {
            throw new GatewayConfigurationException(catalog.StartupErrors);
        }

        var keys = catalog.Current.Tickets;
        keyId ??= keys.KeyIds.Order(StringComparer.Ordinal).FirstOrDefault();
        if (keyId is null || !keys.TryGetKey(keyId, out var key))
        {
            await error.WriteLineAsync($"No guest-ticket key '{keyId}' is configured (keys: {string.Join(", ", keys.KeyIds)}).").ConfigureAwait(false);
            return 2;
        }

        var expires = TimeProvider.System.GetUtcNow() + lifetime;
        await output.WriteLineAsync(GuestTicket.Mint(keyId, key, subject, expires)).ConfigureAwait(false);
        return 0;
    }
}
