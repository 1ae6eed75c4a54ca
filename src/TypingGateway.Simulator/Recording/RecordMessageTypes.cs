namespace TypingGateway.Simulator.Recording;

/// <summary>Values of <see cref="RecordedItem.MessageType"/>.</summary>
internal static class RecordMessageTypes
{
    public const string Text = "text";
    public const string Binary = "binary";
    public const string Close = "close";
    public const string Http = "http";
}
