using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using TypingGateway.Protocols;
using TypingGateway.Typing;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// Issue 15: recognising a typing or message frame allocates nothing once the connection has seen its guest (the key is
/// cached per connection): Genesys Web Messaging, CXone and a generic JSON profile, on the frames their clients send, and
/// the Genesys agent REST typing body on its route (the key cached per request context).
/// </summary>
[Trait("Area", "Protocols")]
public sealed class RecognizerAllocationTests
{
    private const int Frames = 2_000;

    private const string GenesysTyping = """{"token":"8c0e5a6d-41f2-4b9e-a7c3-5d2e9f1b6a04","tracingId":"5f1d2c3b-8a9e-4d7f-b6c5-e4a3b2c1d0e9","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";
    private const string GenesysText = """{"token":"8c0e5a6d-41f2-4b9e-a7c3-5d2e9f1b6a04","message":{"text":"Hello, my parcel has not arrived yet.","type":"Text"},"tracingId":"9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","action":"onMessage"}""";
    private const string CxoneTyping = """{"action":"chatWindowEvent","eventId":"c6f0e2d4","payload":{"eventType":"SenderTypingStarted","brand":{"id":1234},"channel":{"id":"chat_6e1f0a3b"},"consumerIdentity":{"idOnExternalPlatform":"0a7e4c21"},"data":{"thread":{"idOnExternalPlatform":"2d4f6a8c"}},"destination":{},"visitor":{"id":"0a7e4c21-9b3d"},"visit":{}}}""";
    private const string CxoneText = """{"action":"chatWindowEvent","eventId":"7b9d1f3a","payload":{"eventType":"SendMessage","brand":{"id":1234},"channel":{"id":"chat_6e1f0a3b"},"data":{"messageContent":{"type":"TEXT","payload":{"text":"Hello"}},"attachments":[]},"visitor":{"id":"0a7e4c21-9b3d"},"visit":{}}}""";
    private const string JsonTyping = """{"type":"typing","guestId":"g-4f2a9c","timestamp":1700000000000}""";
    private const string JsonText = """{"type":"message","guestId":"g-4f2a9c","text":"Hello, my parcel has not arrived yet."}""";
    private const string AgentTyping = """{"typing":{"type":"On","duration":5000},"dateSent":"2024-01-01T00:00:00.000Z"}""";
    private const string AgentRoute = "conversationId=7a1c3e5f-9b2d-4f6a-8c0e-1d3f5a7b9c2e&communicationId=3e5f7a9c-1b3d-4e6f-8a0c-2d4f6a8b0c1e";

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { TypingProfiles.GenesysWebMessaging, "?deploymentId=d-1", "", GenesysTyping, nameof(TypingSignalKind.Start) },
        { TypingProfiles.GenesysWebMessaging, "?deploymentId=d-1", "", GenesysText, nameof(TypingSignalKind.Message) },
        { TypingProfiles.CxoneChat, "", "", CxoneTyping, nameof(TypingSignalKind.Start) },
        { TypingProfiles.CxoneChat, "", "", CxoneText, nameof(TypingSignalKind.Message) },

        // The web SDK as its README initialises it: no visitor id in the frame, the guest from the socket's customerId.
        { TypingProfiles.CxoneChat, "?customerId=c-42", "", CxoneTyping.Replace("\"visitor\":{\"id\":\"0a7e4c21-9b3d\"},", string.Empty, StringComparison.Ordinal), nameof(TypingSignalKind.Start) },
        { "json", "", "", JsonTyping, nameof(TypingSignalKind.Start) },
        { "json", "", "", JsonText, nameof(TypingSignalKind.Message) },
        { TypingProfiles.GenesysAgentRest, "", AgentRoute, AgentTyping, nameof(TypingSignalKind.Start) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recognize_AfterTheFirstFrame_NothingAllocated(string profile, string query, string route, string frame, string kind)
    {
        var recognizer = Recognizer(profile);
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);
        foreach (var (name, value) in QueryHelpers.ParseQuery(route))
        {
            request.RouteValues[name] = value.ToString();
        }

        var context = TypingContext.FromRequest(request);
        ReadOnlyMemory<byte> payload = Encoding.UTF8.GetBytes(frame);
        var first = recognizer.Recognize(payload, context);
        Assert.Equal(kind, first.Kind.ToString());
        Assert.NotNull(first.Key);

        // The least of three runs: a one-off allocation of the runtime's is not per frame (2,000 frames of even 24 B is 48 KB).
        var allocated = long.MaxValue;
        for (var run = 0; run < 3 && allocated > 0; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Frames; i++)
            {
                recognizer.Recognize(payload, context);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allocated < 1024, $"{allocated} bytes allocated recognising {Frames} frames");
        Assert.Equal(first, recognizer.Recognize(payload, context));
    }

    private static ITypingRecognizer Recognizer(string profile)
    {
        var options = new TypingOptions();
        var json = new TypingProfileOptions { Kind = "Json", Transport = TypingTransport.WebSocket, Path = "/type" };
        json.StartValues.Add("typing");
        json.StopValues.Add("stopped_typing");
        json.MessageValues.Add("message");
        json.Key.Add("pointer:/guestId");
        options.Profiles["json"] = json;
        return TypingProfileFactory.Build(options).Profiles[profile].Recognizer;
    }
}
