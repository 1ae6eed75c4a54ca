namespace TypingGateway.Auth;

/// <summary>One guest-ticket signing key (<c>GuestTickets:Keys:&lt;key id&gt;</c>), read from the environment or a file.</summary>
public sealed class GuestTicketKeyOptions
{
    /// <summary>Name of the environment variable that holds the key (at least 32 bytes of UTF-8).</summary>
    public string? SecretEnv { get; set; }

    /// <summary>Path of a file that holds the key (relative paths: from the config directory).</summary>
    public string? SecretFile { get; set; }
}
