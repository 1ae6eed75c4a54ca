namespace TypingGateway.Dev;

internal static class DevBanner
{
    public const string DemoConversation = "demo-conversation";

    public static void Print(string gateway, Uri simulator, string? ticket)
    {
        var ws = gateway.Replace("http://", "ws://", StringComparison.Ordinal);
        var sim = simulator.ToString().TrimEnd('/');
        var ticketText = ticket ?? "(no dev ticket key configured)";
        const string agentTyping = "{\"typing\":{\"type\":\"On\"}}";
        Console.WriteLine($$"""

            TypingGateway is running (single-instance mode: in-memory state, no Redis).

              Gateway    {{gateway}}
              Simulator  {{sim}}   (the upstream; what it received: {{sim}}/_sim/records)
              Live demo  {{gateway}}/demo/   (type in both chat widgets: through the gateway, and straight to the platform)

            Try it:
              curl -s {{gateway}}/echo/hello -d 'hi there'
              curl -s {{gateway}}/health/ready
              curl -s {{gateway}}/metrics
              Genesys guest WebSocket  {{ws}}/genesys/v1?deploymentId=demo
              CXone chat WebSocket     {{ws}}/cxone?brandId=1&channelId=chat_demo&visitorId=v1
              Echo WebSocket           {{ws}}/ws/echo
              Typing demo (WebSocket)  {{ws}}/chat/echo   send {"type":"typing","guestId":"g1"} a few times
              Typing demo (HTTP)       curl -X POST {{gateway}}/api/v1/webchat/guests/g1/typing -H 'content-type: application/json' -d '{"typing":true}'
              OAuth-injected call      curl -i -X POST {{gateway}}/api/v2/conversations/messages/{{DemoConversation}}/communications/c1/typing \
                                         -H 'content-type: application/json' -d '{{agentTyping}}' \
                                         -H 'X-Guest-Ticket: {{ticketText}}'
                                       (the gateway adds the bearer token; without the ticket it answers 401)

            Config: config/*.json (edits reload without a restart). Ctrl+C stops both.

            """);
    }
}
