using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TypingGateway.Simulator.OAuth;

/// <summary>The one bearer check of every Platform API endpoint: <c>Authorization: Bearer &lt;token&gt;</c> with a live issued token.</summary>
internal static class BearerCheck
{
    private const string Scheme = "Bearer";

    /// <summary>True when the request carries a token <paramref name="tokens"/> issued and has not expired or revoked; the scheme is case-insensitive.</summary>
    public static bool IsValid(HttpRequest request, TokenStore tokens) =>
        AuthenticationHeaderValue.TryParse(request.Headers[HeaderNames.Authorization], out var header)
        && string.Equals(header.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
        && header.Parameter is not null
        && tokens.IsValid(header.Parameter);
}
