using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TypingGateway.Simulator.Echo;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator.Faults;

/// <summary>Applies armed <c>http</c>-scope faults before any HTTP endpoint runs.</summary>
internal sealed partial class HttpFaultMiddleware(RequestDelegate next, FaultInjector faults, HttpRequestRecorder recorder, ILogger<HttpFaultMiddleware> logger)
{
    public const string ControlPathPrefix = "/_sim";

    public async Task InvokeAsync(HttpContext context)
    {
        // The control API is never faulted, and WebSocket upgrades are faulted per frame (scope ws).
        if (context.Request.Path.StartsWithSegments(ControlPathPrefix) || context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        var fault = await faults.ApplyAsync(FaultSpec.HttpScope, context.RequestAborted);
        if (fault is null)
        {
            await next(context);
            return;
        }

        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        var (protocol, kind) = HttpEndpointKinds.Classify(context.Request);
        // Same session keys the endpoints use: REST conversation id, else the echo session header or query.
        var session = context.GetRouteValue("conversationId") as string
            ?? context.Request.Headers[EchoHeaders.SessionId].FirstOrDefault()
            ?? context.Request.Query[EchoHeaders.SessionQuery].FirstOrDefault();
        if (fault.Drop)
        {
            recorder.Record(context, protocol, kind, RecordOutcomes.FaultDrop, session, body);
            Log.Dropped(logger, context.Request.Path);
            context.Abort();
            return;
        }

        var status = fault.Status!.Value;
        recorder.Record(context, protocol, kind, RecordOutcomes.Fault(status), session, body);
        Log.Faulted(logger, context.Request.Path, status);
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        var (message, code) = status == StatusCodes.Status429TooManyRequests
            ? (string.Create(CultureInfo.InvariantCulture, $"Rate limit exceeded the maximum. Retry the request in [{fault.RetryAfterSeconds}] seconds"), "too.many.requests.retry.after")
            : ("Service unavailable.", "service.unavailable");
        await GenesysErrorBody.WriteAsync(context, status, message, code);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Fault: dropped HTTP request to {Path}")]
        public static partial void Dropped(ILogger logger, PathString path);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Fault: answered HTTP request to {Path} with {Status}")]
        public static partial void Faulted(ILogger logger, PathString path, int status);
    }
}
