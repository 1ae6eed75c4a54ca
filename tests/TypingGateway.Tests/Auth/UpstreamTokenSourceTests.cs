using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary><see cref="UpstreamTokenSource"/> in single-instance mode: refresh timing, single flight, backoff, renewal.</summary>
[Trait("Area", "Credentials")]
public sealed class UpstreamTokenSourceTests : IDisposable
{
    private const string Failed = "No access token for upstream 'genesys': the token endpoint failed.";
    private const string FailedRecently = "No access token for upstream 'genesys': the token endpoint failed recently.";
    private readonly TokenSourceHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task GetAsync_FiftyConcurrentCallersWithoutToken_OneTokenRequest()
    {
        _harness.Endpoint.Hold();
        var callers = new Task<UpstreamToken>[50];

        Parallel.For(0, callers.Length, i => callers[i] = _harness.Source.GetAsync(default).AsTask());
        await _harness.Endpoint.Entered.WaitAsync(TokenSourceHarness.RealTimeLimit);
        Assert.DoesNotContain(callers, c => c.IsCompleted);
        _harness.Endpoint.Release();
        var tokens = await Task.WhenAll(callers).WaitAsync(TokenSourceHarness.RealTimeLimit);

        Assert.Equal(1, _harness.Endpoint.Calls);
        Assert.All(tokens, t => Assert.Same(tokens[0], t));
        Assert.Equal("token-1", tokens[0].Value);
    }

    [Fact]
    public async Task GetAsync_JustBeforeRefreshAt_ServedFromMemoryWithoutRequest()
    {
        var first = await _harness.GetAsync();
        _harness.AdvanceTo(first.RefreshAt.AddTicks(-1));

        var pending = _harness.Source.GetAsync(default);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Same(first, await pending);
        Assert.Equal(1, _harness.Endpoint.Calls);
        Assert.Equal(_harness.Time.GetUtcNow().AddTicks(1), first.RefreshAt);
    }

    [Fact]
    public async Task GetAsync_FromRefreshAt_CurrentTokenAtOnceAndOneBackgroundRefresh()
    {
        var first = await _harness.GetAsync();
        _harness.Endpoint.Hold();
        _harness.AdvanceTo(first.RefreshAt);

        for (var i = 0; i < 10; i++)
        {
            var pending = _harness.Source.GetAsync(default);
            Assert.True(pending.IsCompletedSuccessfully);
            Assert.Same(first, await pending);
            _harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await _harness.Endpoint.Entered.WaitAsync(TokenSourceHarness.RealTimeLimit);
        _harness.Endpoint.Release();
        await _harness.BackgroundRefreshAsync();

        Assert.Equal(2, _harness.Endpoint.Calls);
        Assert.Equal("token-2", (await _harness.GetAsync()).Value);
        Assert.Equal(2, _harness.Endpoint.Calls);
    }

    [Fact]
    public async Task GetAsync_RefreshFailsInBackground_KeepsServingCurrentToken()
    {
        var first = await _harness.GetAsync();
        _harness.AdvanceTo(first.RefreshAt);
        _harness.Endpoint.Failing = true;

        Assert.Same(first, await _harness.GetAsync());
        await _harness.BackgroundRefreshAsync();

        Assert.Same(first, await _harness.GetAsync());
        Assert.Equal(2, _harness.Endpoint.Calls);
        Assert.Equal(1, _harness.FailedRequests);
        Assert.Null(_harness.Source.Problem());
    }

    [Fact]
    public async Task GetAsync_AtUsableUntilWithoutNewToken_CallerWaitsForRefresh()
    {
        var first = await _harness.GetAsync();
        _harness.Endpoint.Hold();
        _harness.AdvanceTo(first.UsableUntil);

        var waiting = _harness.Source.GetAsync(default).AsTask();
        await _harness.Endpoint.Entered.WaitAsync(TokenSourceHarness.RealTimeLimit);
        Assert.False(waiting.IsCompleted);
        _harness.Endpoint.Release();
        var second = await waiting.WaitAsync(TokenSourceHarness.RealTimeLimit);

        Assert.Equal("token-2", second.Value);
        Assert.Equal(2, _harness.Endpoint.Calls);
    }

    [Fact]
    public async Task GetAsync_EndpointFails_UnavailableWithRetryAfterAtLeastFailureBackoff()
    {
        _harness.Endpoint.Failing = true;

        var ex = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);

        Assert.Equal(Failed, ex.Message);
        Assert.Equal("genesys", ex.Upstream);
        Assert.InRange(ex.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        Assert.Equal(1, _harness.Endpoint.Calls);
        Assert.Equal(1, _harness.FailedRequests);
    }

    [Fact]
    public async Task GetAsync_InBackoff_NoRequestUntilBackoffPassesThenBackoffDoubles()
    {
        _harness.Endpoint.Failing = true;
        var first = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);

        var immediately = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);
        _harness.Time.Advance(first.RetryAfter - TimeSpan.FromMilliseconds(1));
        var justBefore = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);
        Assert.Equal(1, _harness.Endpoint.Calls);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);

        Assert.Equal(FailedRecently, immediately.Message);
        Assert.Equal(first.RetryAfter, immediately.RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(1), justBefore.RetryAfter);
        Assert.Equal(Failed, second.Message);
        Assert.InRange(second.RetryAfter, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.Equal(2, _harness.Endpoint.Calls);
    }

    [Fact]
    public async Task GetAsync_RepeatedFailures_BackoffCappedAtMaxFailureBackoffTimesJitter()
    {
        using var harness = new TokenSourceHarness(u => u with { MaxFailureBackoff = TimeSpan.FromSeconds(3) });
        harness.Endpoint.Failing = true;
        var retryAfters = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            var ex = await Assert.ThrowsAsync<TokenUnavailableException>(harness.GetAsync);
            retryAfters.Add(ex.RetryAfter);
            harness.Time.Advance(ex.RetryAfter);
        }

        Assert.Equal(5, harness.Endpoint.Calls);
        Assert.InRange(retryAfters[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        Assert.InRange(retryAfters[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        Assert.All(retryAfters[2..], r => Assert.InRange(r, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.75)));
    }

    [Fact]
    public async Task GetAsync_SuccessAfterFailures_BackoffStartsOverAtBase()
    {
        _harness.Endpoint.Failing = true;
        _harness.Time.Advance((await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync)).RetryAfter);
        _harness.Time.Advance((await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync)).RetryAfter);
        _harness.Endpoint.Failing = false;
        var token = await _harness.GetAsync();
        _harness.Endpoint.Failing = true;
        _harness.AdvanceTo(token.UsableUntil);

        var ex = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);

        Assert.InRange(ex.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
        Assert.Equal(4, _harness.Endpoint.Calls);
    }

    [Fact]
    public async Task RenewAsync_TokenYoungerThanForcedRenewalInterval_NullWithoutRequest()
    {
        var first = await _harness.GetAsync();
        _harness.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));

        var renewed = await _harness.Source.RenewAsync(first, default);

        Assert.Null(renewed);
        Assert.False(_harness.Source.CanRenew(first));
        Assert.Equal(1, _harness.Endpoint.Calls);
        Assert.Same(first, await _harness.GetAsync());
    }

    [Fact]
    public async Task RenewAsync_TokenAtForcedRenewalInterval_OneRequestAndNewToken()
    {
        var first = await TokenAtForcedRenewalIntervalAsync();

        var renewed = await _harness.Source.RenewAsync(first, default).AsTask().WaitAsync(TokenSourceHarness.RealTimeLimit);

        Assert.Equal("token-2", renewed!.Value);
        Assert.Equal(2, _harness.Endpoint.Calls);
        Assert.Same(renewed, await _harness.GetAsync());
    }

    [Fact]
    public async Task RenewAsync_TwoConcurrentForSameRejectedToken_OneRequest()
    {
        var first = await TokenAtForcedRenewalIntervalAsync();
        _harness.Endpoint.Hold();

        var a = _harness.Source.RenewAsync(first, default).AsTask();
        var b = _harness.Source.RenewAsync(first, default).AsTask();
        await _harness.Endpoint.Entered.WaitAsync(TokenSourceHarness.RealTimeLimit);
        _harness.Endpoint.Release();
        var renewed = await Task.WhenAll(a, b).WaitAsync(TokenSourceHarness.RealTimeLimit);

        Assert.Equal(2, _harness.Endpoint.Calls);
        Assert.Equal("token-2", renewed[0]!.Value);
        Assert.Same(renewed[0], renewed[1]);
    }

    [Fact]
    public async Task RenewAsync_AnotherTokenAlreadyInUse_ReturnsItWithoutRequest()
    {
        var first = await TokenAtForcedRenewalIntervalAsync();
        var second = await _harness.Source.RenewAsync(first, default).AsTask().WaitAsync(TokenSourceHarness.RealTimeLimit);

        var late = await _harness.Source.RenewAsync(first, default);

        Assert.Same(second, late);
        Assert.True(_harness.Source.CanRenew(first));
        Assert.Equal(2, _harness.Endpoint.Calls);
    }

    [Fact]
    public async Task RenewAsync_EndpointFails_Null()
    {
        var first = await TokenAtForcedRenewalIntervalAsync();
        _harness.Endpoint.Failing = true;

        var renewed = await _harness.Source.RenewAsync(first, default).AsTask().WaitAsync(TokenSourceHarness.RealTimeLimit);

        Assert.Null(renewed);
        Assert.Equal(2, _harness.Endpoint.Calls);
    }

    [Fact]
    public void Problem_NoTokenRequestedYet_Null()
    {
        Assert.Null(_harness.Source.Problem());
    }

    [Fact]
    public async Task Problem_TokenEndpointFailed_ReportedUntilATokenIsUsableAgain()
    {
        _harness.Endpoint.Failing = true;
        var ex = await Assert.ThrowsAsync<TokenUnavailableException>(_harness.GetAsync);

        var during = _harness.Source.Problem();
        _harness.Time.Advance(ex.RetryAfter);
        var afterBackoff = _harness.Source.Problem(); // the next attempt waits for a request: still no token
        _harness.Endpoint.Failing = false;
        await _harness.GetAsync();
        var recovered = _harness.Source.Problem();

        Assert.Equal($"no token for upstream 'genesys': the token endpoint is failing (next attempt in {ex.RetryAfter.TotalSeconds:0.#} s)", during);
        Assert.Equal("no token for upstream 'genesys': the token endpoint failed (next attempt with the next request)", afterBackoff);
        Assert.Null(recovered);
    }

    /// <summary>The first token, as old as the forced-renewal interval (5 s): old enough to blame for a 401.</summary>
    private async Task<UpstreamToken> TokenAtForcedRenewalIntervalAsync()
    {
        var token = await _harness.GetAsync();
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        return token;
    }
}
