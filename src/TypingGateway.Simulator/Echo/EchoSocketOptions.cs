using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace TypingGateway.Simulator.Echo;

/// <summary>Per-connection settings from the query: session, and the optional server-initiated close.</summary>
internal readonly record struct EchoSocketOptions(string Session, int? CloseAfter, WebSocketCloseStatus CloseStatus, string? CloseReason)
{
    public static EchoSocketOptions FromQuery(HttpContext context)
    {
        var query = context.Request.Query;
        int? closeAfter = int.TryParse(query[EchoHeaders.CloseAfterQuery], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var status = int.TryParse(query[EchoHeaders.CloseStatusQuery], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? (WebSocketCloseStatus)s
            : WebSocketCloseStatus.NormalClosure;
        var session = query[EchoHeaders.SessionQuery].FirstOrDefault();
        return new EchoSocketOptions(
            string.IsNullOrEmpty(session) ? context.Connection.Id : session,
            closeAfter,
            status,
            query[EchoHeaders.CloseReasonQuery].FirstOrDefault());
    }
}
