namespace TypingGateway.Diagnostics;

/// <summary>Console log format.</summary>
public enum LogFormat
{
    /// <summary>Human-readable lines.</summary>
    Text,

    /// <summary>One JSON object per line (Serilog's JsonFormatter), for log shippers.</summary>
    Json,
}
