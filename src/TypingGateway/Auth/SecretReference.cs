namespace TypingGateway.Auth;

/// <summary>
/// Where a secret lives: an environment variable or a file, never the config itself. Reading
/// returns the value or a sentence that says where it was looked for, never what was found.
/// </summary>
internal sealed record SecretReference(string? EnvironmentVariable, string? FilePath)
{
    /// <summary>Builds the reference from the two config keys, reporting a missing, doubled or unreadable secret.</summary>
    public static SecretReference? Create(string owner, string envKey, string? env, string fileKey, string? file, string configDirectory, List<string> errors)
    {
        var hasEnv = !string.IsNullOrWhiteSpace(env);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        if (hasEnv == hasFile)
        {
            errors.Add(hasEnv
                ? $"{owner}: set either {envKey} or {fileKey}, not both."
                : $"{owner}: no secret configured; set {envKey} (an environment variable name) or {fileKey} (a file path).");
            return null;
        }

        var reference = new SecretReference(hasEnv ? env!.Trim() : null, hasFile ? Path.GetFullPath(file!.Trim(), configDirectory) : null);
        if (reference.TryRead(out _, out var error))
        {
            return reference;
        }

        errors.Add($"{owner}: {error}");
        return null;
    }

    /// <summary>Reads the secret now (files are re-read so a rotated file takes effect without a reload).</summary>
    public bool TryRead([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        error = null;
        if (EnvironmentVariable is { } name)
        {
            value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                error = $"the environment variable '{name}' is not set or empty.";
                value = null;
            }

            return value is not null;
        }

        try
        {
            // A trailing newline is how editors and `echo` write files; it is never part of a secret.
            value = File.ReadAllText(FilePath!).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"the secret file '{FilePath}' does not exist.";
            value = null;
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"the secret file '{FilePath}' cannot be read ({ex.GetType().Name}).";
            value = null;
            return false;
        }

        if (value.Length == 0)
        {
            error = $"the secret file '{FilePath}' is empty.";
            value = null;
        }

        return value is not null;
    }

    /// <summary>Where the secret is read from, for messages.</summary>
    public override string ToString() => EnvironmentVariable is { } name ? $"environment variable '{name}'" : $"file '{FilePath}'";
}
