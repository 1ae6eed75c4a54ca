using System.Text.Json;
using TypingGateway.Testing;

namespace TypingGateway.Testing;

/// <summary>Runs <c>tests/sdk/cxone-guest.mjs</c>: the official CXone web SDK as one guest with one or more tabs.</summary>
internal static class CXoneGuest
{
    public const string Script = "cxone-guest.mjs";

    private static readonly JsonSerializerOptions _json = JsonSerializerOptions.Web;

    /// <summary>Runs the driver with <paramref name="argument"/> (serialized as the driver's JSON input) and parses its result.</summary>
    public static async Task<(NodeResult Process, Result? Result)> RunAsync(object argument, TimeSpan timeout)
    {
        var process = await NodeSdk.RunAsync(Script, JsonSerializer.Serialize(argument, _json), timeout);
        var result = string.IsNullOrWhiteSpace(process.Stdout) ? null : JsonSerializer.Deserialize<Result>(process.Stdout, _json);
        return (process, result);
    }

    /// <summary>One tab of the driver's input: the channel host, and the WebSocket (<c>ws://…/cxone</c>) as the gateway.</summary>
    public static object Tab(string name, Uri chat, Uri gateway) => new
    {
        name,
        chatUrl = chat.ToString().TrimEnd('/'),
        gatewayUrl = gateway.ToString(),
        authorizeUrl = chat.ToString().TrimEnd('/'),
    };

    public sealed record Result(long? StartedAt, string ThreadId, IReadOnlyList<TabResult> Tabs);

    public sealed record TabResult(
        string Name,
        string? ConsumerId,
        IReadOnlyList<Burst> Bursts,
        IReadOnlyList<long> StopTyping,
        IReadOnlyList<SentMessage> Messages,
        IReadOnlyList<ReceivedMessage> AgentMessages,
        IReadOnlyList<ReceivedMessage> OwnMessages,
        int ConnectionErrors,
        IReadOnlyList<string> Errors,
        IReadOnlyList<Frame>? Frames = null);

    /// <summary>With <c>trace: true</c>: one socket event of a tab (<c>Dir</c> <c>out</c>, <c>in</c>, <c>connect</c> or <c>close</c>).</summary>
    public sealed record Frame(long At, string Dir, string Data);

    public sealed record Burst(long At, int Keystrokes, long? FirstKeystrokeAt, long? LastKeystrokeAt);

    public sealed record SentMessage(string Text, long SentAt, long? ResolvedAt, string? EventId);

    public sealed record ReceivedMessage(string? Text, long ReceivedAt);
}
