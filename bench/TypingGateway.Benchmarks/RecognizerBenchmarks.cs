using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using TypingGateway.Benchmarks.Infrastructure;
using TypingGateway.Protocols;
using TypingGateway.Typing;

namespace TypingGateway.Benchmarks;

/// <summary>
/// The typing recognisers on one guest frame (or request body): a typing frame and a text message each
/// (200 bytes; CXone's real SendMessage frame is 916). They run on every inspected guest text frame, before the collapser decides. The recognisers come from
/// the built-in profiles (and one Json profile) as the gateway builds them; the request context is the upgrade
/// request's, copied as in production (<see cref="TypingContext.FromRequest"/>).
/// </summary>
[MemoryDiagnoser]
public class RecognizerBenchmarks
{
    private const string JsonProfile = "bench-json";

    private readonly ReadOnlyMemory<byte> _genesysTyping = WirePayloads.GenesysTyping;
    private readonly ReadOnlyMemory<byte> _genesysText = WirePayloads.GenesysText;
    private readonly ReadOnlyMemory<byte> _cxoneTyping = WirePayloads.CxoneTypingStarted;
    private readonly ReadOnlyMemory<byte> _cxoneText = WirePayloads.CxoneText;
    private readonly ReadOnlyMemory<byte> _jsonTyping = WirePayloads.JsonTyping;
    private readonly ReadOnlyMemory<byte> _jsonText = WirePayloads.JsonText;
    private readonly ReadOnlyMemory<byte> _agentTyping = WirePayloads.GenesysAgentTyping;

    private ITypingRecognizer _genesys = null!;
    private ITypingRecognizer _cxone = null!;
    private ITypingRecognizer _json = null!;
    private ITypingRecognizer _agentRest = null!;
    private TypingContext _genesysContext = null!;
    private TypingContext _emptyContext = null!;
    private TypingContext _agentRestContext = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new TypingOptions();
        var json = new TypingProfileOptions { Kind = "Json", Transport = TypingTransport.WebSocket, Path = "/type" };
        json.StartValues.Add("typing");
        json.StopValues.Add("stopped_typing");
        json.MessageValues.Add("message");
        json.Key.Add("pointer:/guestId");
        options.Profiles[JsonProfile] = json;
        var (profiles, errors) = TypingProfileFactory.Build(options);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        _genesys = profiles[TypingProfiles.GenesysWebMessaging].Recognizer;
        _cxone = profiles[TypingProfiles.CxoneChat].Recognizer;
        _agentRest = profiles[TypingProfiles.GenesysAgentRest].Recognizer;
        _json = profiles[JsonProfile].Recognizer;

        _genesysContext = Context("?deploymentId=" + WirePayloads.GenesysDeploymentId + "&application=web");
        _emptyContext = Context(string.Empty);
        var agentRequest = new DefaultHttpContext().Request;
        agentRequest.RouteValues["conversationId"] = "7a1c3e5f-9b2d-4f6a-8c0e-1d3f5a7b9c2e";
        agentRequest.RouteValues["communicationId"] = "3e5f7a9c-1b3d-4e6f-8a0c-2d4f6a8b0c1e";
        _agentRestContext = TypingContext.FromRequest(agentRequest);

        Expect(_genesys, _genesysTyping, _genesysContext, TypingSignalKind.Start);
        Expect(_genesys, _genesysText, _genesysContext, TypingSignalKind.Message);
        Expect(_cxone, _cxoneTyping, _emptyContext, TypingSignalKind.Start);
        Expect(_cxone, _cxoneText, _emptyContext, TypingSignalKind.Message);
        Expect(_json, _jsonTyping, _emptyContext, TypingSignalKind.Start);
        Expect(_json, _jsonText, _emptyContext, TypingSignalKind.Message);
        Expect(_agentRest, _agentTyping, _agentRestContext, TypingSignalKind.Start);
    }

    /// <summary>Genesys Web Messaging guest typing (onMessage, Event, Typing On), 204 bytes.</summary>
    [Benchmark]
    public int GenesysTyping() => (int)_genesys.Recognize(_genesysTyping, _genesysContext).Kind;

    /// <summary>Genesys Web Messaging guest text message (onMessage, Text), 200 bytes.</summary>
    [Benchmark]
    public int GenesysText() => (int)_genesys.Recognize(_genesysText, _genesysContext).Kind;

    /// <summary>CXone chatWindowEvent SenderTypingStarted, 425 bytes.</summary>
    [Benchmark]
    public int CxoneTyping() => (int)_cxone.Recognize(_cxoneTyping, _emptyContext).Kind;

    /// <summary>CXone chatWindowEvent SendMessage as the web SDK sends it, 916 bytes.</summary>
    [Benchmark]
    public int CxoneText() => (int)_cxone.Recognize(_cxoneText, _emptyContext).Kind;

    /// <summary>Generic Json profile (pointer /type, key pointer:/guestId): a typing start.</summary>
    [Benchmark]
    public int JsonTyping() => (int)_json.Recognize(_jsonTyping, _emptyContext).Kind;

    /// <summary>Generic Json profile: a chat message, 200 bytes.</summary>
    [Benchmark]
    public int JsonText() => (int)_json.Recognize(_jsonText, _emptyContext).Kind;

    /// <summary>
    /// Genesys agent REST typing body, keyed by the route's conversation and communication ids. This recogniser
    /// only ever sees bodies POSTed to the typing endpoint, so it has no text-message case.
    /// </summary>
    [Benchmark]
    public int GenesysAgentRestTyping() => (int)_agentRest.Recognize(_agentTyping, _agentRestContext).Kind;

    private static TypingContext Context(string queryString)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(queryString);
        return TypingContext.FromRequest(request);
    }

    /// <summary>A benchmark of the wrong case would measure nothing useful: check each frame is what it claims to be.</summary>
    private static void Expect(ITypingRecognizer recognizer, ReadOnlyMemory<byte> frame, TypingContext context, TypingSignalKind kind)
    {
        var signal = recognizer.Recognize(frame, context);
        if (signal.Kind != kind || signal.Key is null)
        {
            throw new InvalidOperationException($"{recognizer.GetType().Name} read a frame as {signal.Kind} (key {signal.Key}), expected a keyed {kind}.");
        }
    }
}
