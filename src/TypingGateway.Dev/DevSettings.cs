namespace TypingGateway.Dev;

internal static class DevSettings
{
    // Must match the destination addresses in config/proxy.json.
    public const string SimulatorUrl = "http://127.0.0.1:5180";

    public static string? Value(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
