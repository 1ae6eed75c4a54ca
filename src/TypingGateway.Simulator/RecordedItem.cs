namespace TypingGateway.Simulator;

/// <summary>One inbound frame or request the simulator received.</summary>
/// <param name="Seq">Monotonic sequence number, from 1; not reset by <c>/_sim/reset</c>.</param>
/// <param name="Time">Receive time from the simulator's <see cref="TimeProvider"/>.</param>
/// <param name="ConnectionId">Transport connection id.</param>
/// <param name="Session">Session key (Genesys token, CXone visitor, conversation id, ...), when known.</param>
/// <param name="Protocol"><c>genesys</c>, <c>cxone</c>, <c>echo-ws</c>, <c>http</c>, <c>oauth</c>, <c>genesys-rest</c> or <c>genesys-guest</c>.</param>
/// <param name="Kind">What the frame or request was, e.g. <c>genesys.typing</c>.</param>
/// <param name="Outcome"><c>accepted</c>, <c>rejected:&lt;code&gt;</c>, <c>fault:&lt;status&gt;</c> or <c>fault:drop</c>.</param>
/// <param name="MessageType"><c>text</c>, <c>binary</c>, <c>close</c> or <c>http</c>.</param>
/// <param name="Length">Payload length in bytes.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the full payload.</param>
/// <param name="Text">UTF-8 payload when textual and at most 65536 bytes.</param>
/// <param name="Base64">Binary payload when at most 65536 bytes.</param>
/// <param name="Method">HTTP method (HTTP only).</param>
/// <param name="Path">Path and query as received (HTTP and WebSocket upgrade path).</param>
/// <param name="Headers">Request headers (HTTP only).</param>
/// <param name="CloseStatus">Close status of a close frame.</param>
/// <param name="CloseDescription">Close description of a close frame.</param>
public sealed record RecordedItem(
    long Seq,
    DateTimeOffset Time,
    string ConnectionId,
    string? Session,
    string Protocol,
    string Kind,
    string Outcome,
    string MessageType,
    long Length,
    string Sha256,
    string? Text,
    string? Base64,
    string? Method,
    string? Path,
    IReadOnlyDictionary<string, string>? Headers,
    int? CloseStatus,
    string? CloseDescription);
