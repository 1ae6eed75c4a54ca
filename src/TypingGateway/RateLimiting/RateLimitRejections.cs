using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace TypingGateway.RateLimiting;

/// <summary>
/// What a guest over a limit gets: HTTP 429 with <c>Retry-After</c>, the IETF <c>RateLimit-Policy</c> and
/// <c>RateLimit</c> fields (draft-ietf-httpapi-ratelimit-headers) and problem details; on WebSockets the
/// platform's own error frame.
/// </summary>
internal static class RateLimitRejections
{
    public const string ProblemType = "urn:typinggateway:problem:rate-limited";
    public const string PolicyHeader = "RateLimit-Policy";
    public const string RateLimitHeader = "RateLimit";

    /// <summary>Whole seconds, at least 1: a client told 0 would retry at once.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public static async ValueTask WriteHttpAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var lease = rejected.Lease as GcraLease;
        var seconds = Seconds(lease?.RetryAfter ?? TimeSpan.FromSeconds(1));
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        if (lease?.Policy is { } policy)
        {
            var window = Math.Max(1, (int)Math.Ceiling(policy.Limits.Burst / policy.Limits.PermitsPerSecond));
            context.Response.Headers[PolicyHeader] = FormattableString.Invariant($"\"{policy.Name}\";q={policy.Limits.Burst};w={window}");
            context.Response.Headers[RateLimitHeader] = FormattableString.Invariant($"\"{policy.Name}\";r=0;t={seconds}");
        }

        await TypedResults.Problem(
            $"Too many requests for this guest; retry after {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            type: ProblemType,
            extensions: [new("retryAfter", seconds)]).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The WebSocket error frame of a policy, with the retry time filled in.</summary>
    public static byte[] Frame(string template, TimeSpan retryAfter) =>
        Encoding.UTF8.GetBytes(template.Replace(RateLimitDefaults.RetryAfterPlaceholder, Seconds(retryAfter).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
