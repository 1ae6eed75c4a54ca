using Microsoft.Extensions.Options;

namespace TypingGateway.Simulator.Genesys;

/// <summary>Plays the agent after a guest text: typing indicator, then a scripted reply, to every tab.</summary>
internal sealed partial class GenesysAgentScript(
    GenesysSessionStore sessions,
    IOptions<SimulatorOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<GenesysAgentScript> logger)
{
    private readonly GenesysSimulatorOptions _options = options.Value.Genesys;

    /// <summary>Starts the script in the background; the guest's receive loop must not wait for it.</summary>
    public void Start(string token)
    {
        if (_options.EnableAgentReplies)
        {
            _ = RunAsync(token, lifetime.ApplicationStopping);
        }
    }

    private async Task RunAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.AgentReplyDelay, timeProvider, cancellationToken);
            await PushAsync(token, GenesysFrames.AgentTyping(_options.AgentTypingDurationMs, timeProvider.GetUtcNow()), cancellationToken);
            await Task.Delay(_options.AgentReplyDelay, timeProvider, cancellationToken);
            await PushAsync(token, GenesysFrames.AgentReply(sessions.NextAgentReply(token), timeProvider.GetUtcNow()), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The simulator is stopping.
        }
        catch (Exception ex)
        {
            Log.ScriptFailed(logger, ex);
        }
    }

    private async Task PushAsync(string token, byte[] frame, CancellationToken cancellationToken)
    {
        foreach (var connection in sessions.Connections(token))
        {
            await connection.SendTextAsync(frame, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "Genesys agent script failed")]
        public static partial void ScriptFailed(ILogger logger, Exception exception);
    }
}
