using System.Security.Cryptography;
using TypingGateway.Auth;

namespace TypingGateway.Dev;

/// <summary>
/// The secrets config/credentials.json refers to, filled in for a first run when the environment does
/// not set them: the simulator's built-in demo client secret (not a credential of any real system) and a
/// random guest-ticket key for this run.
/// </summary>
internal static class DevCredentials
{
    public const string ClientSecretVariable = "TYPINGGATEWAY_GENESYS_CLIENT_SECRET";
    public const string TicketKeyVariable = "TYPINGGATEWAY_TICKET_KEY_DEV";
    public const string TicketKeyId = "dev";

    // The simulator's default client (src/TypingGateway.Simulator/OAuth/OAuthDefaults.cs).
    private const string SimulatorClientSecret = "sim-example-secret";

    public static void ApplyIfUnset()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ClientSecretVariable)))
        {
            Environment.SetEnvironmentVariable(ClientSecretVariable, SimulatorClientSecret);
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TicketKeyVariable)))
        {
            Environment.SetEnvironmentVariable(TicketKeyVariable, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
    }

    /// <summary>A ticket for <paramref name="subject"/> under the dev key, for the banner's example.</summary>
    public static string? Ticket(CredentialsCatalog catalog, string subject, TimeSpan lifetime) =>
        catalog.Current.Tickets.TryGetKey(TicketKeyId, out var key)
            ? GuestTicket.Mint(TicketKeyId, key, subject, TimeProvider.System.GetUtcNow() + lifetime)
            : null;
}
