using System.Diagnostics;
using System.Net;
using TypingGateway.Simulator.Tests.Infrastructure;
using TypingGateway.Simulator.Tests.OAuth;

namespace TypingGateway.Simulator.Tests.Faults;

[Trait("Area", "Simulator")]
public sealed class HttpFaultTests : SimulatorTestBase
{
    [Fact]
    public async Task Status429_ReturnsRetryAfterAndErrorBody_ThenCountExhausts()
    {
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Count: 2, Status: 429, RetryAfterSeconds: 2));

        for (var i = 0; i < 2; i++)
        {
            using var faulted = await Http.PostAsync(new Uri("echo/x?session=s", UriKind.Relative), new StringContent("body"));
            Assert.Equal(HttpStatusCode.TooManyRequests, faulted.StatusCode);
            Assert.Equal("2", Assert.Single(faulted.Headers.GetValues("Retry-After")));
            Assert.Equal("application/json", faulted.Content.Headers.ContentType?.MediaType);
            Assert.Equal(
                """{"message":"Rate limit exceeded the maximum. Retry the request in [2] seconds","code":"too.many.requests.retry.after","status":429,"contextId":"<uuid>","details":[],"errors":[]}""",
                FrameText.Normalize(await faulted.Content.ReadAsStringAsync()));
        }

        using var normal = await Http.PostAsync(new Uri("echo/x?session=s", UriKind.Relative), new StringContent("body"));
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        var records = await Sim.GetRecordsAsync(session: "s");
        Assert.Equal(["fault:429", "fault:429", "accepted"], records.Select(r => r.Outcome));
        Assert.All(records, r => Assert.Equal(("http.POST", "body"), (r.Kind, r.Text)));
    }

    [Fact]
    public async Task Status503_OnTokenEndpoint_ReturnsServiceUnavailable()
    {
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Status: 503, RetryAfterSeconds: 5));

        using var response = await OAuthTestClient.RequestTokenAsync(Http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal(
            """{"message":"Service unavailable.","code":"service.unavailable","status":503,"contextId":"<uuid>","details":[],"errors":[]}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(("oauth", "oauth.token", "fault:503"), (record.Protocol, record.Kind, record.Outcome));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    public async Task Status5xx_OnRestTyping_HasNoRetryAfter(int status)
    {
        var token = await OAuthTestClient.GetTokenAsync(Http);
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.AnyScope, Status: status));

        using var response = await OAuthTestClient.PostTypingAsync(Http, "Bearer " + token);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Contains($"\"status\":{status},", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.typing"));
        Assert.Equal(("fault:" + status, "conv-1"), (record.Outcome, record.Session));
    }

    [Fact]
    public async Task Latency_DelaysTheRequestThenProcessesIt()
    {
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, LatencyMs: 300));

        var stopwatch = Stopwatch.StartNew();
        using var response = await Http.GetAsync(new Uri("echo/slow?size=10", UriKind.Relative));
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, (await response.Content.ReadAsByteArrayAsync()).Length);
        // The server's timer runs on a millisecond tick count, so a 300 ms delay can end a fraction of a tick early
        // by the client's Stopwatch (measured: 299.2 ms once); less than 295 ms means the delay was not applied.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(295), $"took {stopwatch.Elapsed}");
        Assert.Equal("accepted", Assert.Single(await Sim.GetRecordsAsync()).Outcome);
    }

    [Fact]
    public async Task Drop_AbortsTheConnection()
    {
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Drop: true));

        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri("echo/x?session=d", UriKind.Relative)));

        Assert.Equal("fault:drop", Assert.Single(await Sim.GetRecordsAsync(session: "d")).Outcome);
        using var next = await Http.GetAsync(new Uri("echo/x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task WsScope_DoesNotAffectHttp_AndClearFaultsDisarms()
    {
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.WsScope, Status: 503));
        using (var response = await Http.GetAsync(new Uri("echo/x", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Status: 503));
        await Sim.ClearFaultsAsync();
        using var cleared = await Http.GetAsync(new Uri("echo/x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }
}
