using System.Text;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// Channel constraints on Genesys guest frames, answered in the platform's own format: a text longer
/// than allowed gets <c>{"type":"response","class":"string","code":4011,"body":"message too long"}</c>
/// (protocols.md §1.2); an attachment of a type not allowed gets the generic error shape with code 400.
/// </summary>
internal sealed class GenesysChannelConstraints : IChannelConstraints
{
    public static readonly byte[] MessageTooLong = """{"type":"response","class":"string","code":4011,"body":"message too long"}"""u8.ToArray();

    public static readonly byte[] AttachmentTypeNotAllowed = """{"type":"response","class":"string","code":400,"body":"file type not allowed"}"""u8.ToArray();

    /// <summary>The error frame for a frame that breaks a constraint, or null when it keeps them (or is not a message or attachment).</summary>
    /// <param name="utf8Json">The guest frame.</param>
    /// <param name="maxTextLength">Longest <c>message.text</c> of an <c>onMessage</c>, in characters (Unicode scalar values); null: no limit.</param>
    /// <param name="allowedAttachmentTypes">Allowed <c>fileType</c>s of an <c>onAttachment</c>; null: any.</param>
    public static byte[]? Check(ReadOnlyMemory<byte> utf8Json, int? maxTextLength, IReadOnlySet<string>? allowedAttachmentTypes)
    {
        using var document = JsonText.TryParseObject(utf8Json);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        switch (JsonText.String(root, GenesysFields.Action))
        {
            case GenesysFields.OnMessage when maxTextLength is { } max:
                var text = JsonText.String(JsonText.Property(root, GenesysFields.Message), GenesysFields.Text);
                return text is not null && text.Length > max && CountCharacters(text) > max ? MessageTooLong : null;
            case GenesysFields.OnAttachment when allowedAttachmentTypes is not null:
                var type = JsonText.String(root, GenesysFields.FileType);
                return type is null || !allowedAttachmentTypes.Contains(type) ? AttachmentTypeNotAllowed : null;
            default:
                return null;
        }
    }

    ReadOnlyMemory<byte> IChannelConstraints.MessageTooLong => MessageTooLong;

    byte[]? IChannelConstraints.Check(ReadOnlyMemory<byte> utf8Json, int? maxTextLength, IReadOnlySet<string>? allowedAttachmentTypes) =>
        Check(utf8Json, maxTextLength, allowedAttachmentTypes);

    // Characters as users count them: an emoji is one, not two UTF-16 units.
    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            _ = rune;
            count++;
        }

        return count;
    }
}
