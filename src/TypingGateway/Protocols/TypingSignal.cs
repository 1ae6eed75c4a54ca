using TypingGateway.Typing.State;

namespace TypingGateway.Protocols;

/// <summary>A recognised frame: its kind and, when the frame and request identify the guest, the collapse key.</summary>
internal readonly record struct TypingSignal(TypingSignalKind Kind, TypingKey? Key)
{
    public static TypingSignal Other => default;
}
