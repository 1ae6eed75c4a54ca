using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TypingGateway.Typing.State;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// Genesys Cloud Web Messaging guest frames (protocols.md §1): typing is
/// <c>{"action":"onMessage","message":{"type":"Event","events":[{"eventType":"Typing",…}]},"token":…}</c>;
/// any other <c>onMessage</c> except events is a real message. Genesys has no typing Off.
/// The collapse key is the deployment (upgrade query) plus a hash of the session token (every
/// frame): the token lets its holder act as the guest's session, so it never reaches Redis keys,
/// pub/sub messages or logs in clear.
/// </summary>
internal sealed class GenesysWebMessagingRecognizer(string profile) : ITypingRecognizer
{
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context)
    {
        using var document = JsonText.TryParseObject(utf8Json);
        if (document is null)
        {
            return TypingSignal.Other;
        }

        var root = document.RootElement;
        if (JsonText.String(root, GenesysFields.Action) != GenesysFields.OnMessage)
        {
            return TypingSignal.Other;
        }

        var message = JsonText.Property(root, GenesysFields.Message);
        var kind = JsonText.String(message, GenesysFields.Type) switch
        {
            GenesysFields.EventType => HasTypingEvent(message) ? TypingSignalKind.Start : TypingSignalKind.Other,
            null => TypingSignalKind.Other,
            _ => TypingSignalKind.Message,
        };
        if (kind == TypingSignalKind.Other)
        {
            return TypingSignal.Other;
        }

        var deployment = context.Query(GenesysFields.DeploymentId);
        var token = JsonText.String(root, GenesysFields.Token);
        return deployment is null || string.IsNullOrEmpty(token)
            ? TypingSignal.Other // cannot tell whose typing this is: pass it through untouched
            : new TypingSignal(kind, TypingKey.Create(profile, deployment, HashToken(token)));
    }

    public byte[]? BuildStop(ReadOnlyMemory<byte> lastStart) => null;

    /// <summary>The id part of a session token in the collapse key: the session is secret, its key need not be.</summary>
    internal static string HashToken(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash[..16]); // 128 bits: collisions between live sessions are not a concern
    }

    private static bool HasTypingEvent(JsonElement message)
    {
        var events = JsonText.Property(message, GenesysFields.Events);
        if (events.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in events.EnumerateArray())
        {
            if (JsonText.String(item, GenesysFields.EventTypeField) == GenesysFields.Typing)
            {
                return true;
            }
        }

        return false;
    }
}
