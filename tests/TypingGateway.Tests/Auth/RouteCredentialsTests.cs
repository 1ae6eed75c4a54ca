using TypingGateway.Auth;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class RouteCredentialsTests
{
    private const string Path = "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/typing";
    private static readonly string[] _upstreams = ["genesys"];

    [Fact]
    public void From_NoMetadata_Null()
    {
        Assert.Null(RouteCredentials.From(Route(null)));
    }

    [Fact]
    public void From_OnlyTypingProfile_Null()
    {
        Assert.Null(RouteCredentials.From(Route(new() { ["TypingProfile"] = "genesys-agent-rest" })));
    }

    [Fact]
    public void From_UpstreamWithoutGuestTicket_TicketRequiredByDefault()
    {
        var credentials = RouteCredentials.From(Route(new() { ["Upstream"] = "genesys", ["GuestTicketSubject"] = "conversationId" }));

        Assert.Equal(new RouteCredentials("genesys", true, "conversationId"), credentials);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("none")]
    public void From_UpstreamWithGuestTicketNone_NoTicket(string mode)
    {
        var credentials = RouteCredentials.From(Route(new() { ["Upstream"] = "genesys", ["GuestTicket"] = mode }));

        Assert.Equal(new RouteCredentials("genesys", false, null), credentials);
    }

    [Fact]
    public void From_GuestTicketRequiredWithoutUpstream_TicketOnly()
    {
        var credentials = RouteCredentials.From(Route(new() { ["GuestTicket"] = "required", ["GuestTicketSubject"] = "conversationId" }));

        Assert.Equal(new RouteCredentials(null, true, "conversationId"), credentials);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void From_BlankUpstreamAndNoMode_Null(string upstream)
    {
        Assert.Null(RouteCredentials.From(Route(new() { ["Upstream"] = upstream })));
    }

    [Fact]
    public void From_GuestTicketNoneWithoutUpstream_Null()
    {
        Assert.Null(RouteCredentials.From(Route(new() { ["GuestTicket"] = "None" })));
    }

    [Fact]
    public void Validate_ShippedGenesysAgentTypingRoute_NoErrors()
    {
        var route = Route(new() { ["TypingProfile"] = "genesys-agent-rest", ["Upstream"] = "genesys", ["GuestTicketSubject"] = "conversationId" });

        Assert.Empty(Validate(route));
    }

    [Fact]
    public void Validate_UpstreamInOtherCase_NoErrors()
    {
        var route = Route(new() { ["Upstream"] = "Genesys", ["GuestTicketSubject"] = "conversationId" });

        Assert.Empty(Validate(route));
    }

    [Fact]
    public void Validate_GuestTicketNoneWithoutKeys_NoErrors()
    {
        var route = Route(new() { ["Upstream"] = "genesys", ["GuestTicket"] = "None" });

        Assert.Empty(Validate(route, hasTicketKeys: false));
    }

    [Fact]
    public void Validate_UpstreamWithoutSubject_ErrorExplainsWhy()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "genesys" }));

        Assert.Equal(
            ["Route 'r1': metadata GuestTicketSubject is missing: it injects credentials for upstream 'genesys', so it requires guest tickets; "
                + "name the route value a ticket is issued for (e.g. conversationId), or set GuestTicket to None."],
            errors);
    }

    [Fact]
    public void Validate_RequiredWithoutUpstreamOrSubject_Error()
    {
        var errors = Validate(Route(new() { ["GuestTicket"] = "Required" }));

        Assert.Equal(
            ["Route 'r1': metadata GuestTicketSubject is missing: it requires guest tickets; "
                + "name the route value a ticket is issued for (e.g. conversationId), or set GuestTicket to None."],
            errors);
    }

    [Fact]
    public void Validate_InvalidGuestTicketValue_Error()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "genesys", ["GuestTicket"] = "Optional" }));

        Assert.Equal(["Route 'r1': metadata GuestTicket 'Optional' is not valid; use Required or None."], errors);
    }

    [Fact]
    public void Validate_SubjectNotARouteParameter_ErrorNamesPath()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "genesys", ["GuestTicketSubject"] = "guestId" }));

        Assert.Equal([$"Route 'r1': metadata GuestTicketSubject 'guestId' is not a parameter of the route's path '{Path}'."], errors);
    }

    [Fact]
    public void Validate_RouteWithoutPath_SubjectNotAParameter()
    {
        var route = Route(new() { ["Upstream"] = "genesys", ["GuestTicketSubject"] = "conversationId" }) with { Match = new RouteMatch { Hosts = ["a.test"] } };

        Assert.Equal(["Route 'r1': metadata GuestTicketSubject 'conversationId' is not a parameter of the route's path ''."], Validate(route));
    }

    [Fact]
    public void Validate_UnknownUpstream_ErrorListsConfigured()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "cxone", ["GuestTicket"] = "None" }));

        Assert.Equal(["Route 'r1': metadata Upstream 'cxone' does not name a configured upstream (Upstreams: genesys)."], errors);
    }

    [Fact]
    public void Validate_NoUpstreamsConfigured_ErrorSaysNone()
    {
        var errors = new List<string>();

        RouteCredentials.Validate(Route(new() { ["Upstream"] = "genesys", ["GuestTicket"] = "None" }), [], hasTicketKeys: true, errors);

        Assert.Equal(["Route 'r1': metadata Upstream 'genesys' does not name a configured upstream (Upstreams: none)."], errors);
    }

    [Fact]
    public void Validate_NoTicketKeysConfigured_Error()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "genesys", ["GuestTicketSubject"] = "conversationId" }), hasTicketKeys: false);

        Assert.Equal(["Route 'r1': it injects credentials for upstream 'genesys', so it requires guest tickets, but no GuestTickets:Keys are configured."], errors);
    }

    [Fact]
    public void Validate_RequiredWithoutUpstreamAndWithoutKeys_Error()
    {
        var errors = Validate(Route(new() { ["GuestTicket"] = "Required", ["GuestTicketSubject"] = "conversationId" }), hasTicketKeys: false);

        Assert.Equal(["Route 'r1': it requires guest tickets, but no GuestTickets:Keys are configured."], errors);
    }

    [Fact]
    public void Validate_UnknownUpstreamWithoutSubjectOrKeys_AllThreeErrors()
    {
        var errors = Validate(Route(new() { ["Upstream"] = "cxone" }), hasTicketKeys: false);

        Assert.Equal(
            [
                "Route 'r1': metadata Upstream 'cxone' does not name a configured upstream (Upstreams: genesys).",
                "Route 'r1': metadata GuestTicketSubject is missing: it injects credentials for upstream 'cxone', so it requires guest tickets; "
                    + "name the route value a ticket is issued for (e.g. conversationId), or set GuestTicket to None.",
                "Route 'r1': it injects credentials for upstream 'cxone', so it requires guest tickets, but no GuestTickets:Keys are configured.",
            ],
            errors);
    }

    internal static RouteConfig Route(Dictionary<string, string>? metadata) => new()
    {
        RouteId = "r1",
        ClusterId = "genesysRest",
        Match = new RouteMatch { Path = Path },
        Metadata = metadata,
    };

    internal static List<string> Validate(RouteConfig route, bool hasTicketKeys = true)
    {
        var errors = new List<string>();
        RouteCredentials.Validate(route, _upstreams, hasTicketKeys, errors);
        return errors;
    }
}
