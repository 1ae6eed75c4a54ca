using Microsoft.Extensions.Options;
using TypingGateway.Diagnostics;
using TypingGateway.RateLimiting;
using TypingGateway.Typing;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Proxy;

/// <summary>The shared services a <see cref="GuestSocketSession"/> is built from.</summary>
internal sealed record GuestSocketServices(
    ITypingStateStore Store,
    TypingStopDirectory StopDirectory,
    GatewayMetrics Metrics,
    TimeProvider Time,
    IOptionsMonitor<WebSocketFilterOptions> FilterOptions,
    RateLimitPolicyCatalog RateLimits,
    IGcraStore Gcra,
    ILogger Logger,
    GuestSocketDrain? Drain = null);
