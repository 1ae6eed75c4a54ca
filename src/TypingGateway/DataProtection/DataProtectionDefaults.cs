namespace TypingGateway.DataProtection;

internal static class DataProtectionDefaults
{
    /// <summary>
    /// One application name for every instance: Data Protection isolates payloads by it, and its
    /// default (the content root path) differs between hosts.
    /// </summary>
    public const string ApplicationName = "TypingGateway";

    public const int MinSecretBytes = 32;
}
