namespace TypingGateway.Simulator.Recording;

/// <summary>How a small payload is kept: as text, as base64, or text when it is valid UTF-8.</summary>
internal enum PayloadEncoding
{
    Text,
    Binary,
    Auto,
}
