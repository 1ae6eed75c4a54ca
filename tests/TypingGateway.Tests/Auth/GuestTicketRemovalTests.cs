using Microsoft.AspNetCore.Http;
using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Robustness")]
public sealed class GuestTicketRemovalTests
{
    [Theory]
    [InlineData("?guest_ticket=t", "")]
    [InlineData("?guest_ticket=t&a=1", "?a=1")]
    [InlineData("?a=1&guest_ticket=t", "?a=1")]
    [InlineData("?a=1&guest_ticket=t&b=2", "?a=1&b=2")]
    [InlineData("?GUEST_TICKET=t&a=1&Guest_Ticket=u", "?a=1")]
    [InlineData("?guest%5Fticket=t&a=1", "?a=1")] // encoded name: the gateway reads it as the ticket
    [InlineData("?guest_ticket&a=1", "?a=1")]
    [InlineData("?q=a+b&r=%7e&guest_ticket=t&x=1&x=2&e=&f", "?q=a+b&r=%7e&x=1&x=2&e=&f")] // the rest byte for byte
    [InlineData("?guest_tickets=t&my_guest_ticket=u", "?guest_tickets=t&my_guest_ticket=u")]
    [InlineData("?a=guest_ticket", "?a=guest_ticket")]
    [InlineData("", "")]
    public void Without_QueryWithTicketParameter_OnlyThatParameterRemoved(string query, string expected)
    {
        var result = GuestTicketRemoval.Without(new QueryString(query.Length == 0 ? null : query), "guest_ticket");

        Assert.Equal(expected, result.Value ?? string.Empty);
    }
}
