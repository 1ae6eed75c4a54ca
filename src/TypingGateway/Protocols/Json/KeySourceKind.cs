namespace TypingGateway.Protocols.Json;

internal enum KeySourceKind
{
    Pointer,
    Route,
    Query,
    Header,
}
