using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// <c>POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/typing</c>
/// (protocols.md §2.1): a body <c>{"typing":{"type":"On",…}}</c> is a typing-on for that
/// communication. <c>On</c> is the only type the API allows, so there is no stop; any other body
/// is passed through for the platform to reject.
/// </summary>
internal sealed class GenesysAgentRestRecognizer(string profile) : ITypingRecognizer
{
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        using (var document = JsonText.TryParseObject(utf8Json))
        {
            var typing = document is null ? default : JsonText.Property(document.RootElement, GenesysFields.TypingField);
            if (JsonText.String(typing, GenesysFields.Type) != GenesysFields.On)
            {
                return TypingSignal.Other;
            }
        }

        var conversation = context.RouteValue(GenesysFields.ConversationId);
        var communication = context.RouteValue(GenesysFields.CommunicationId);
        return conversation is null || communication is null
            ? TypingSignal.Other
            : new TypingSignal(TypingSignalKind.Start, TypingKey.Create(profile, conversation, communication));
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart) => null;
}
