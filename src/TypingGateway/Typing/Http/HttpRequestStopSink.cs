using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing.Http;

/// <summary>
/// The stop sink of one HTTP typing request. What to arm is only known once the request has been
/// proxied (the upstream URL after transforms), so arming is recorded here and completed by the step.
/// </summary>
internal sealed class HttpRequestStopSink(HttpTypingStops stops, TypingProfile profile, RouteMode route) : ITypingStopSink
{
    public TypingKey? ArmedKey { get; private set; }

    public byte[]? LastStart { get; private set; }

    public void Arm(TypingKey key, TypingTimings timings, ReadOnlyMemory<byte> lastStart)
    {
        ArmedKey = key;
        LastStart = lastStart.ToArray();
    }

    public void Disarm(TypingKey key) => stops.Disarm(profile, key);

    // HTTP typing is not tracked per tab (a request is no connection): no stop is owed to a closing one.
    public void Watch(TypingKey key, TypingTimings timings)
    {
    }

    public void Owed(TypingKey key, TypingTimings timings)
    {
    }

    // A queued HTTP stop is cancelled per key by Disarm; nothing else is queued.
    public void DropQueued()
    {
    }

    /// <summary>After the request: a forwarded start arms with its captured request, a suppressed one only restarts the countdown.</summary>
    public void Complete(bool forwarded, int statusCode, TypingRequestCapture? capture)
    {
        if (ArmedKey is not { } key)
        {
            return;
        }

        TypingStopRequest? request = null;
        if (forwarded && statusCode is >= 200 and < 300 && capture is { Uri: { } uri, Method: { } method }
            && profile.Recognizer.BuildStop(LastStart) is { } stopBody)
        {
            request = new TypingStopRequest(uri, method, capture.MediaType, capture.Headers, stopBody, capture.Upstream, route);
        }

        stops.Arm(profile, key, request);
    }
}
