using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypingGateway.Configuration;
using TypingGateway.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Diagnostics;

/// <summary>
/// OpenTelemetry through a gateway on the shipped config with real Redis: the gateway exports to an
/// OTLP/HTTP receiver, and the test adds the in-memory exporter to read the spans themselves. Each
/// request carries its own <c>traceparent</c>, so spans of the other hosts in this process are never
/// mistaken for ours.
/// </summary>
[Trait("Area", "Diagnostics")]
[Collection(RedisCollection.Name)]
public sealed class TelemetryTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string TypingRoute = "webchat-typing";
    private const string TypingProfile = "webchat-http";

    private readonly SpanCollection _spans = new();
    private SimulatorServer _simulator = null!;
    private TestConfigDirectory _config = null!;
    private OtlpReceiver _receiver = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync();
        _config = TestConfigDirectory.FromShipped(_simulator.BaseAddress);

        // One permit per Redis call (no lease, decision 0016): every request's rate-limit script is a span of its own.
        _config.Write("zz-no-lease.json", new System.Text.Json.Nodes.JsonObject
        {
            ["RateLimits"] = new System.Text.Json.Nodes.JsonObject
            {
                ["Policies"] = new System.Text.Json.Nodes.JsonObject { ["webchat-requests"] = new System.Text.Json.Nodes.JsonObject { ["LeasePermits"] = 1 } },
            },
        });
        _receiver = await OtlpReceiver.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            _config.Path,
            new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = redis.Configuration,
                ["Redis:OperationTimeout"] = "00:00:01",
                ["Telemetry:OtlpEndpoint"] = _receiver.BaseAddress.ToString(),
                ["Telemetry:OtlpProtocol"] = "http/protobuf",
                // The SDK reads its standard variables through the host's configuration: export soon.
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "250",
            },
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
        await _simulator.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task HttpTypingRoute_FirstStartForwardedSecondSuppressed_ServerSpansCarryRouteAndDecision()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        var first = ActivityTraceId.CreateRandom();
        var second = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(guest, first));
        Assert.Equal(HttpStatusCode.Accepted, await PostTypingAsync(guest, second)); // within the 5 s start interval

        var forwarded = await ServerSpanAsync(first);
        Assert.Equal(TypingRoute, forwarded.GetTagItem(GatewayTracing.RouteAttribute));
        Assert.Equal(TypingProfile, forwarded.GetTagItem(GatewayTracing.ProfileAttribute));
        Assert.Equal(GatewayTracing.Forward, forwarded.GetTagItem(GatewayTracing.DecisionAttribute));
        Assert.Equal(200, forwarded.GetTagItem("http.response.status_code"));

        var suppressed = await ServerSpanAsync(second);
        Assert.Equal(TypingRoute, suppressed.GetTagItem(GatewayTracing.RouteAttribute));
        Assert.Equal(TypingProfile, suppressed.GetTagItem(GatewayTracing.ProfileAttribute));
        Assert.Equal(GatewayTracing.Suppress, suppressed.GetTagItem(GatewayTracing.DecisionAttribute));
        Assert.Equal(202, suppressed.GetTagItem("http.response.status_code"));

        // YARP's forwarder sends through SocketsHttpHandler, whose DiagnosticsHandler the HttpClient
        // instrumentation sees: the proxied call is a child of the server span; the suppressed request has none.
        var upstream = Assert.Single(_spans.InTrace(first), s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        Assert.Equal(forwarded.SpanId, upstream.ParentSpanId);
        Assert.Equal($"{_simulator.BaseAddress}echo/webchat/guests/{guest}/typing?*", upstream.GetTagItem("url.full")); // query redacted by default
        Assert.DoesNotContain(_spans.InTrace(second), s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
    }

    [Fact]
    public async Task HttpTypingRoute_TypingStateScript_IsARedisSpanOfTheRequest()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        var typing = ActivityTraceId.CreateRandom();
        var other = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(guest, typing));
        // Same route, same rate-limit policy, a body that is no typing signal: the typing state is not consulted.
        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(guest, other, """{"typing":"maybe"}"""));

        var typingServer = await ServerSpanAsync(typing);
        var otherServer = await ServerSpanAsync(other);
        // Profiled commands become spans on the instrumentation's drain loop (every 100 ms to 10 s).
        await Wait.UntilAsync(
            () => Task.FromResult(_spans.InTrace(typing).Count(IsRedisSpan) >= 2 && _spans.InTrace(other).Any(IsRedisSpan)),
            TimeSpan.FromSeconds(20),
            "the Redis spans are exported");

        // The route's rate-limit script runs for both requests; the typing state script only for the typing start.
        var typingScripts = _spans.InTrace(typing).Where(IsRedisSpan).ToList();
        Assert.Equal(2, typingScripts.Count);
        Assert.All(typingScripts, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(typingServer.SpanId, span.ParentSpanId);
            Assert.Equal("EVALSHA", span.DisplayName);
            Assert.Equal(redis.Port, span.GetTagItem("server.port"));
        });
        Assert.Equal(otherServer.SpanId, Assert.Single(_spans.InTrace(other), IsRedisSpan).ParentSpanId);
        Assert.Null(otherServer.GetTagItem(GatewayTracing.DecisionAttribute));
    }

    [Fact]
    public async Task WebSocketTypingRoute_ConnectionSpanCountsForwardedAndSuppressedTypingFrames()
    {
        var guest = "ws-" + Guid.NewGuid().ToString("N")[..10];
        var trace = ActivityTraceId.CreateRandom();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await socket.ConnectAsync(new Uri(_gateway.WebSocketAddress, $"/chat/echo?session={guest}"), invoker, CancellationToken.None);

        // One burst of three keystrokes (the first is forwarded), then a message; its echo means all were decided.
        for (var i = 0; i < 3; i++)
        {
            await socket.SendTextAsync($$"""{"type":"typing","guestId":"{{guest}}"}""");
        }

        var message = $$"""{"type":"message","guestId":"{{guest}}","text":"hi"}""";
        await socket.SendTextAsync(message);
        WebSocketMessage? echo;
        do
        {
            echo = await socket.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        }
        while (echo is not null && echo.AsText() != message);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        var connection = await ServerSpanAsync(trace);
        Assert.Equal("tutorial-chat", connection.GetTagItem(GatewayTracing.RouteAttribute));
        Assert.Equal("tutorial-ws", connection.GetTagItem(GatewayTracing.ProfileAttribute));
        Assert.Equal(1, connection.GetTagItem(GatewayTracing.ForwardedAttribute));
        Assert.Equal(2, connection.GetTagItem(GatewayTracing.SuppressedAttribute));
        Assert.Null(connection.GetTagItem(GatewayTracing.DecisionAttribute));
    }

    [Fact]
    public async Task OtlpEndpoint_ReceiverGetsTracesWithTheDecisionAndMetricsOfTheGatewayMeter()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        var trace = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(guest, trace));

        // Protobuf carries the trace id as 16 raw bytes and attribute keys and values as UTF-8 strings.
        var traceId = new byte[16];
        trace.CopyTo(traceId);
        await Wait.UntilAsync(
            () => Task.FromResult(_receiver.Received("traces", traceId, Utf8(GatewayTracing.DecisionAttribute), Utf8(GatewayTracing.Forward), Utf8(TypingRoute))),
            TimeSpan.FromSeconds(20),
            "the request's span reaches the OTLP receiver");
        await Wait.UntilAsync(
            () => Task.FromResult(_receiver.Received("metrics", Utf8("typinggateway.typing.frames"), Utf8("http.server.request.duration"))),
            TimeSpan.FromSeconds(20),
            "the gateway's and ASP.NET Core's metrics reach the OTLP receiver");
        Assert.All(_receiver.Exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
    }

    [Fact]
    public async Task NoEndpoint_NothingOfOpenTelemetryIsRegistered()
    {
        await using var plain = await GatewayHost.StartAsync(_config.Path, new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });

        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.Null(plain.Services.GetService<MeterProvider>());
        Assert.Null(plain.Services.GetService<StackExchangeRedisInstrumentation>());
        Assert.False(plain.Services.GetRequiredService<GatewayTracing>().Enabled);
        Assert.True(_gateway.Services.GetRequiredService<GatewayTracing>().Enabled);
        Assert.NotNull(_gateway.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task InvalidTelemetryOptions_RefuseToStartListingBoth()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(
            _config.Path,
            new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "collector:4317", ["Telemetry:OtlpProtocol"] = "http/json" }));

        Assert.Contains(ex.Errors, e => e.Contains("Telemetry:OtlpEndpoint must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("Telemetry:OtlpProtocol must be grpc or http/protobuf", StringComparison.Ordinal));
    }

    private static bool IsRedisSpan(Activity span) =>
        span.Source.Name == "OpenTelemetry.Instrumentation.StackExchangeRedis" && (string?)span.GetTagItem("db.system") == "redis";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<Activity> ServerSpanAsync(ActivityTraceId trace)
    {
        // The server span ends after the response is written: it may be exported a moment after the client has it.
        await Wait.UntilAsync(() => Task.FromResult(_spans.InTrace(trace).Any(IsServerSpan)), TimeSpan.FromSeconds(10), "the server span is exported");
        return Assert.Single(_spans.InTrace(trace), IsServerSpan);

        // The simulator's server span is in the same trace (the proxied call propagates it): the gateway's is on its port.
        bool IsServerSpan(Activity s) => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
            && Equals(s.GetTagItem("server.port"), _gateway.BaseAddress.Port);
    }

    private async Task<HttpStatusCode> PostTypingAsync(string guest, ActivityTraceId trace, string body = """{"typing":true}""")
    {
        // No propagator on this client: the traceparent sent is exactly the test's.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webchat/guests/{guest}/typing?session={guest}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
