namespace TypingGateway.Bench.Report;

/// <summary>
/// Names of the figures a run records for its goals and ratios (<c>section.field</c>): the field in
/// the section of <c>results.json</c> holds the median over the runs, <c>figures</c> the spread.
/// </summary>
internal static class Figures
{
    public const string HttpRpsRatio = "http.rps_ratio";
    public const string HttpP99Ratio = "http.p99_ratio";
    public const string HttpNginxRpsRatio = "http.nginx_rps_ratio";
    public const string HttpNginxP99Ratio = "http.nginx_p99_ratio";
    public const string WsMsgsRatio = "ws.msgs_ratio";
    public const string WsNginxMsgsRatio = "ws.nginx_msgs_ratio";

    /// <summary>Suppressed typing POSTs per second over proxied ones at the same concurrency (closed loop: the ratio of mean answer times), one instance.</summary>
    public const string HttpTypingSpeedup = "http_typing.speedup";
    public const string HttpTypingSpeedupX3 = "http_typing.gateway_x3_speedup";

    public const string TypingRedisRoundTrips = "typing.redis_round_trips_per_frame";
    public const string TypingP99X3OverX1 = "typing.message_p99_x3_over_x1";

    public const string ScaleWorkingSetRatio = "scale.working_set_ratio";
    public const string ScaleManagedHeapRatio = "scale.managed_heap_ratio";

    public const string MicroGenesysTypingNs = "micro.genesys_typing_ns";
    public const string MicroRecogniserMaxBytes = "micro.recogniser_max_bytes";
    public const string MicroPassThroughMaxBytes = "micro.pass_through_max_bytes";
    public const string MicroAfterIdleBytes = "micro.pass_through_after_idle_bytes";
}
