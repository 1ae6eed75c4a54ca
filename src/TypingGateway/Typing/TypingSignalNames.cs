namespace TypingGateway.Typing;

/// <summary>Tag values of the typing metrics (one owner for the strings).</summary>
internal static class TypingSignalNames
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Preview = "preview";

    public const string Received = "received";
    public const string Forwarded = "forwarded";
    public const string Suppressed = "suppressed";
    public const string Synthesized = "synthesized";
    public const string Unkeyed = "unkeyed";
    public const string Undelivered = "undelivered";
}
