using TypingGateway.Protocols.Genesys;
using TypingGateway.Protocols.Json;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;
using TypingGateway.Typing;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// <see cref="FrameGuard"/>s of one test: policies from in-memory configuration, the in-memory GCRA store on a
/// fake clock, and a recorder of the frames each guard sends to its guest.
/// </summary>
internal sealed class FrameGuardHarness : IDisposable
{
    public const string DecisionsMetric = "typinggateway.ratelimit.decisions";

    /// <summary>The Genesys answer to a guest over its rate, with retryAfter 1.</summary>
    public const string TooManyRequests =
        """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":1,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";

    public const string MessageTooLong = """{"type":"response","class":"string","code":4011,"body":"message too long"}""";

    private readonly RateLimitConfig _config;

    public FrameGuardHarness(params Dictionary<string, string?>[] policies)
    {
        _config = new RateLimitConfig(policies.SelectMany(p => p).ToDictionary(StringComparer.OrdinalIgnoreCase));
        Store = new InMemoryGcraStore(Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public InMemoryGcraStore Store { get; }

    public MetricsCapture Metrics { get; } = new(DecisionsMetric);

    public RecordingGuestInjector Guest { get; } = new();

    /// <summary>Policy <paramref name="name"/>: <paramref name="rate"/> per second, <paramref name="burst"/> at once, per guest, with other settings.</summary>
    public static Dictionary<string, string?> Policy(string name, double rate, int burst, params (string Key, string Value)[] settings)
    {
        var policy = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{name}:PermitsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            [$"{name}:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
            [$"{name}:Partition"] = "guest",
        };
        foreach (var (key, value) in settings)
        {
            policy[$"{name}:{key}"] = value;
        }

        return policy;
    }

    /// <summary>A Genesys message frame of a guest (as the recogniser reports it) with its text.</summary>
    public static ReadOnlyMemory<byte> MessageFrame(string text = "Hello") =>
        Encoding.UTF8.GetBytes($$"""{"token":"tok-a","message":{"text":"{{text}}","type":"Text"},"tracingId":"t1","action":"onMessage"}""");

    /// <summary>A signal of <paramref name="kind"/> for the Genesys guest whose (hashed) session token is <paramref name="token"/>.</summary>
    public static TypingSignal Signal(TypingSignalKind kind, string token = "tok-a") =>
        new(kind, TypingKey.Create(TypingProfiles.GenesysWebMessaging, "dep-1", token));

    /// <summary>Sends <paramref name="count"/> messages of one guest through the guard, one after the other.</summary>
    public static async Task<List<FrameVerdict?>> MessagesAsync(FrameGuard guard, int count, string token = "tok-a")
    {
        var verdicts = new List<FrameVerdict?>();
        for (var i = 0; i < count; i++)
        {
            verdicts.Add(await guard.CheckAsync(Signal(TypingSignalKind.Message, token), MessageFrame(), CancellationToken.None));
        }

        return verdicts;
    }

    public static WebSocketGuardSettings Settings(string? messages = null, string? typing = null, string? other = null, int? maxTextLength = null, int? maxMessageBytes = null) =>
        new(messages, typing, other, maxTextLength, null, maxMessageBytes);

    /// <summary>A guard on a fresh connection from 10.1.2.3, attached to <see cref="Guest"/> unless told otherwise.</summary>
    public FrameGuard Guard(WebSocketGuardSettings settings, bool genesys = true, HttpContext? upgrade = null, bool attach = true, TypingGateway.Proxy.RouteMode? route = null, IGcraStore? store = null)
    {
        upgrade ??= new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("10.1.2.3") } };
        return new FrameGuard(
            settings, _config.Catalog, store ?? Store, Time, Metrics.Metrics, NullLogger.Instance, upgrade, genesys ? new GenesysWebMessagingPlatform() : new JsonPlatform(), attach ? Guest : new DetachedGuest(), route);
    }

    /// <summary>The number of decisions of <paramref name="result"/> (allowed, shaped, rejected, closed).</summary>
    public long Decisions(string result) => Metrics.Sum(DecisionsMetric, ("result", result));

    /// <summary>The number of decisions of policy <paramref name="policy"/>, whatever their result.</summary>
    public long PolicyDecisions(string policy) => Metrics.Sum(DecisionsMetric, ("policy", policy));

    public void Dispose()
    {
        Store.Dispose();
        Metrics.Dispose();
        _config.Dispose();
    }

    /// <summary>A connection whose upgrade has not happened yet: error frames cannot be sent.</summary>
    private sealed class DetachedGuest : IGuestInjector
    {
        public bool TryInjectToGuest(ReadOnlyMemory<byte> utf8Text) => false;
    }
}
