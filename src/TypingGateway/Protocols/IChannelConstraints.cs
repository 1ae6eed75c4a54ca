namespace TypingGateway.Protocols;

/// <summary>Channel constraints a platform enforces on guest frames, answered in its own error format.</summary>
internal interface IChannelConstraints
{
    /// <summary>The platform's answer to a message over its size limit.</summary>
    ReadOnlyMemory<byte> MessageTooLong { get; }

    /// <summary>The error frame for a frame that breaks a constraint; null when it keeps them (or is not a message or attachment).</summary>
    byte[]? Check(ReadOnlyMemory<byte> utf8Json, int? maxTextLength, IReadOnlySet<string>? allowedAttachmentTypes);
}
