using System.Net;
using System.Text;
using TypingGateway.Auth;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;

namespace TypingGateway.Tests.Auth;

[Trait("Area", "Credentials")]
public sealed class TokenEndpointClientTests : IDisposable
{
    private const string Secret = "s3cr3t:&=+";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly StubTokenEndpoint _endpoint = new();
    private readonly TokenEndpointClient _client;
    private readonly Upstream _upstream = TestUpstreams.Genesys();

    public TokenEndpointClientTests() => _client = new TokenEndpointClient(_time, _endpoint);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task RequestAsync_BasicStyle_AuthorizationHeaderAndGrantTypeOnly()
    {
        await _client.RequestAsync(_upstream, Secret, default);

        var request = _endpoint.LastRequest!;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(TestUpstreams.TokenUrl, request.Uri);
        Assert.Equal("Basic", request.Authorization!.Scheme);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("sim-client:" + Secret)), request.Authorization.Parameter);
        Assert.Equal("grant_type=client_credentials", request.Body);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("application/json", request.Accept);
    }

    [Fact]
    public async Task RequestAsync_BasicStyleWithScopes_ScopeFormEncoded()
    {
        await _client.RequestAsync(_upstream with { Scope = "a b" }, Secret, default);

        Assert.Equal("grant_type=client_credentials&scope=a+b", _endpoint.LastRequest!.Body);
    }

    [Fact]
    public async Task RequestAsync_FormStyle_CredentialsInBodyAndNoAuthorization()
    {
        await _client.RequestAsync(_upstream with { AuthStyle = UpstreamAuthStyle.Form, Scope = "a b" }, Secret, default);

        var request = _endpoint.LastRequest!;
        Assert.Null(request.Authorization);
        Assert.Equal("grant_type=client_credentials&scope=a+b&client_id=sim-client&client_secret=s3cr3t%3A%26%3D%2B", request.Body);
    }

    [Fact]
    public async Task RequestAsync_Ok_TokenAndLifetime()
    {
        _endpoint.Respond = _ => StubTokenEndpoint.Json(HttpStatusCode.OK, """{"access_token":"abc","token_type":"bearer","expires_in":1799}""");

        var issued = await _client.RequestAsync(_upstream, Secret, default);

        Assert.Equal(new IssuedToken("abc", TimeSpan.FromSeconds(1799)), issued);
    }

    [Theory]
    [InlineData("""{"access_token":"abc"}""")]
    [InlineData("""{"access_token":"abc","expires_in":0}""")]
    [InlineData("""{"access_token":"abc","expires_in":-60}""")]
    [InlineData("""{"access_token":"abc","expires_in":"3600"}""")]
    public async Task RequestAsync_NoUsableExpiresIn_FiveMinutes(string json)
    {
        _endpoint.Respond = _ => StubTokenEndpoint.Json(HttpStatusCode.OK, json);

        var issued = await _client.RequestAsync(_upstream, Secret, default);

        Assert.Equal(new IssuedToken("abc", TimeSpan.FromMinutes(5)), issued);
    }

    [Fact]
    public async Task RequestAsync_TokenTypeNotBearer_Throws()
    {
        var ex = await FailAsync(_ => StubTokenEndpoint.Json(HttpStatusCode.OK, """{"access_token":"abc","token_type":"mac","expires_in":3600}"""));

        Assert.Equal("the token endpoint issued a token of type 'mac', not a bearer token.", ex.Message);
    }

    [Theory]
    [InlineData("""{"token_type":"bearer"}""")]
    [InlineData("""{"access_token":""}""")]
    [InlineData("""{"access_token":42}""")]
    [InlineData("""["abc"]""")]
    public async Task RequestAsync_NoAccessToken_Throws(string json)
    {
        var ex = await FailAsync(_ => StubTokenEndpoint.Json(HttpStatusCode.OK, json));

        Assert.Equal("the token endpoint's answer has no access_token.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_NotJson_Throws()
    {
        var ex = await FailAsync(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>ok</html>") });

        Assert.Equal("the token endpoint's answer is not JSON.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_ServiceUnavailableWithoutBody_ThrowsStatusOnly()
    {
        var ex = await FailAsync(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        Assert.Equal("the token endpoint answered 503.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_UnauthorizedWithOAuthError_ThrowsCodeButNeitherDescriptionNorSecret()
    {
        var ex = await FailAsync(_ => StubTokenEndpoint.Json(
            HttpStatusCode.Unauthorized, $$"""{"error":"invalid_client","error_description":"client secret '{{Secret}}' is wrong for user alice"}"""));

        Assert.Equal("the token endpoint answered 401 (invalid_client).", ex.Message);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":"bad code with spaces"}""")]
    [InlineData("""{"error":42}""")]
    [InlineData("not json")]
    public async Task RequestAsync_ErrorWithUnsafeOrNoCode_ThrowsStatusOnly(string body)
    {
        var ex = await FailAsync(_ => StubTokenEndpoint.Json(HttpStatusCode.BadRequest, body));

        Assert.Equal("the token endpoint answered 400.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_AnswerLargerThan64KiB_Throws()
    {
        var ex = await FailAsync(_ => StubTokenEndpoint.Json(HttpStatusCode.OK, $$"""{"access_token":"{{new string('a', 64 * 1024)}}"}"""));

        Assert.Equal("the token endpoint's answer is larger than 65536 bytes.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_ConnectionFails_ThrowsWithErrorKind()
    {
        var ex = await FailAsync(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (idp.test:80)"));

        Assert.Equal("the token endpoint could not be reached (ConnectionError).", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_NoAnswerWithinTimeout_Throws()
    {
        _endpoint.Hold();
        var request = _client.RequestAsync(_upstream, Secret, default);
        await _endpoint.Entered.WaitAsync(TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(request.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var ex = await Assert.ThrowsAsync<TokenRequestException>(() => request.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal("the token endpoint did not answer within 10 s.", ex.Message);
    }

    [Fact]
    public async Task RequestAsync_CallerCancels_OperationCanceledNotTokenRequestException()
    {
        _endpoint.Hold();
        using var cancellation = new CancellationTokenSource();
        var request = _client.RequestAsync(_upstream, Secret, cancellation.Token);
        await _endpoint.Entered.WaitAsync(TimeSpan.FromSeconds(5));

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private async Task<TokenRequestException> FailAsync(Func<int, HttpResponseMessage> respond)
    {
        _endpoint.Respond = respond;
        return await Assert.ThrowsAsync<TokenRequestException>(() => _client.RequestAsync(_upstream, Secret, default));
    }
}
