using System.Diagnostics;
using Microsoft.Extensions.Options;
using TypingGateway.WebSockets;

namespace TypingGateway.Hosting;

/// <summary>
/// The first thing a stop does (SIGTERM, Ctrl-C), before any service stops and while Kestrel still listens:
/// readiness goes off (<see cref="Diagnostics.DrainHealthCheck"/>), every filtered guest WebSocket is told "going away" (Close
/// 1001) at its next message boundary, and the stop waits until they are gone. Then Kestrel stops: in-flight HTTP
/// requests finish, whatever is left when <see cref="ShutdownOptions.DrainTimeout"/> (the host's shutdown timeout)
/// runs out is aborted. A stop whose token is already cancelled (an abort) skips the drain.
/// </summary>
internal sealed partial class GatewayDrainService(GuestSocketDrain drain, IOptions<ShutdownOptions> options, ILogger<GatewayDrainService> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var told = drain.BeginDrain();
        Log.Draining(logger, told, options.Value.DrainTimeout);
        try
        {
            await drain.WaitUntilEmptyAsync(cancellationToken).ConfigureAwait(false);
            Log.Drained(logger, told, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.DrainTimedOut(logger, drain.Count, watch.ElapsedMilliseconds);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information,
            Message = "Stopping: readiness off, new WebSocket upgrades refused, {Count} guest WebSockets told to go away (1001); drain timeout {DrainTimeout}.")]
        public static partial void Draining(ILogger logger, int count, TimeSpan drainTimeout);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Drained: {Count} guest WebSockets closed in {ElapsedMs} ms.")]
        public static partial void Drained(ILogger logger, int count, long elapsedMs);

        [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
            Message = "Drain timeout after {ElapsedMs} ms: {Count} guest WebSockets still open are aborted.")]
        public static partial void DrainTimedOut(ILogger logger, int count, long elapsedMs);
    }
}
