using System.Text;
using Yarp.ReverseProxy.Transforms;

namespace TypingGateway.Auth;

/// <summary>
/// Removes the guest ticket (header and query parameter) from a forwarded request, on every route: a
/// ticket is meant for the gateway only, and a route without credentials must not hand it to its upstream.
/// </summary>
internal static class GuestTicketRemoval
{
    public static ValueTask ApplyAsync(RequestTransformContext transform, GuestTicketKeyRing keys)
    {
        transform.ProxyRequest.Headers.Remove(keys.HeaderName);
        var request = transform.HttpContext.Request;
        if (!request.Query.ContainsKey(keys.QueryParameter))
        {
            return ValueTask.CompletedTask;
        }

        if (transform.Query.QueryString != request.QueryString)
        {
            // A route transform changed the query already, so YARP rebuilds it from the collection anyway.
            transform.Query.Collection.Remove(keys.QueryParameter);
            return ValueTask.CompletedTask;
        }

        // Not through Query.Collection: YARP would rebuild the whole query from decoded values ('+' becomes
        // %20, and so on), and the other parameters must reach the upstream exactly as the client sent them.
        var filtered = new DefaultHttpContext().Request;
        filtered.QueryString = Without(request.QueryString, keys.QueryParameter);
        transform.Query = new QueryTransformContext(filtered);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// <paramref name="query"/> without the parameters named <paramref name="name"/>, compared as ASP.NET Core's
    /// query parser does (decoded, '+' as space, any letter case); every other byte kept.
    /// </summary>
    internal static QueryString Without(QueryString query, string name)
    {
        if (!query.HasValue)
        {
            return query;
        }

        var text = query.Value.AsSpan(1);
        var kept = new StringBuilder(text.Length + 1);
        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            if (string.Equals(Uri.UnescapeDataString(rawName.ToString().Replace('+', ' ')), name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            kept.Append(kept.Length == 0 ? '?' : '&').Append(pair);
        }

        return kept.Length == 0 ? QueryString.Empty : new QueryString(kept.ToString());
    }
}
