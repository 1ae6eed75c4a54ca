namespace TypingGateway.Diagnostics;

/// <summary>Log output. Levels are set in the <c>Serilog</c> section (<c>Serilog:MinimumLevel</c>).</summary>
public sealed class LogOptions
{
    public const string SectionName = "Logs";

    /// <summary><see cref="LogFormat.Text"/> (default) or <see cref="LogFormat.Json"/> (one JSON object per line, for containers).</summary>
    public LogFormat Format { get; set; } = LogFormat.Text;

    /// <summary>Write to the console. Default true.</summary>
    public bool Console { get; set; } = true;
}
