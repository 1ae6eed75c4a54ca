using System.Text;

namespace TypingGateway.Bench.Load;

/// <summary>Chat-like JSON payloads of an exact size that carry no typing indicator.</summary>
internal static class Payloads
{
    public const int MessageBytes = 200;

    /// <summary><c>{"type":"note","guestId":"bench","text":"xxx…"}</c>, exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Note(int size = MessageBytes)
    {
        const string Head = "{\"type\":\"note\",\"guestId\":\"bench\",\"text\":\"";
        const string Tail = "\"}";
        var padding = size - Head.Length - Tail.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        return Encoding.UTF8.GetBytes(Head + new string('x', padding) + Tail);
    }
}
