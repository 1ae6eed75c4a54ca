namespace TypingGateway.Configuration;

/// <summary>Binding of a configuration section that reports a binder failure as a configuration error.</summary>
internal static class ConfigBinding
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="TOptions"/>, turning binder failures into an error.</summary>
    public static TOptions? Bind<TOptions>(IConfiguration configuration, string section, List<string> errors)
        where TOptions : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert (an unknown enum name, a bad TimeSpan).
            errors.Add($"{section}: {ex.Message}");
            return null;
        }
    }
}
