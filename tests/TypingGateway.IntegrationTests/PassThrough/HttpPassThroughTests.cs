using System.Net;
using System.Security.Cryptography;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.PassThrough;

[Trait("Area", "PassThrough")]
public sealed class HttpPassThroughTests(GatewayWithSimulatorFixture fixture) : IClassFixture<GatewayWithSimulatorFixture>
{
    private const int EightMiB = 8 * 1024 * 1024;

    public static TheoryData<string, int> MethodsAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
        {
            foreach (var size in new[] { 0, 1, 65_543, EightMiB })
            {
                data.Add(method, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndSizes))]
    public async Task RequestWithBody_ReachesUpstreamAndReturnsByteIdentical(string method, int size)
    {
        var body = RandomBytes(size, seed: size + method.Length);
        var session = $"http-{method}-{size}";
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/echo/items/42?q=a%20b&x=1&x=2&session={session}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/octet-stream");
        request.Headers.Add("X-Custom-Header", "value-1, value-2");

        using var response = await client.SendAsync(request);
        var received = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, received);
        Assert.Equal(Hex(SHA256.HashData(body)), Header(response, "X-Sim-Body-Sha256"));
        Assert.Equal(method, Header(response, "X-Sim-Method"));
        Assert.Equal($"/echo/items/42?q=a%20b&x=1&x=2&session={session}", Header(response, "X-Sim-Path"));

        var record = Assert.Single(await fixture.Simulator.Client.GetRecordsAsync(session: session));
        Assert.Equal($"http.{method}", record.Kind);
        Assert.Equal(size, record.Length);
        Assert.Equal(Hex(SHA256.HashData(body)), record.Sha256);
        Assert.Equal("value-1, value-2", record.Headers!["X-Custom-Header"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_543)]
    [InlineData(EightMiB)]
    public async Task Get_ResponseBodyIsByteIdenticalToUpstream(int size)
    {
        using var viaGateway = fixture.Gateway.CreateClient();
        using var direct = new HttpClient { BaseAddress = fixture.Simulator.BaseAddress };

        var throughGateway = await viaGateway.GetByteArrayAsync($"/echo/download?size={size}");
        var fromUpstream = await direct.GetByteArrayAsync($"/echo/download?size={size}");

        Assert.Equal(size, throughGateway.Length);
        Assert.Equal(fromUpstream, throughGateway);
        for (var i = 0; i < throughGateway.Length; i += 4099)
        {
            Assert.Equal((byte)(((long)i * 31 + 7) % 251), throughGateway[i]);
        }
    }

    [Fact]
    public async Task StreamedRequestBody_WithoutContentLength_IsForwardedIdentical()
    {
        var body = RandomBytes(EightMiB, seed: 99);
        using var client = fixture.Gateway.CreateClient();
        using var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new("application/octet-stream");

        using var response = await client.PostAsync("/echo/stream?session=streamed", content);
        var received = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, received.Length);
        Assert.Equal(body, received);
        Assert.Equal(Hex(SHA256.HashData(body)), Header(response, "X-Sim-Body-Sha256"));
    }

    [Fact]
    public async Task UnroutedPath_Returns404WithoutUpstreamCall()
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync("/no-such-route?session=unrouted");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await fixture.Simulator.Client.GetRecordsAsync(session: "unrouted"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : throw new Xunit.Sdk.XunitException($"Response has no {name} header.");

    private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Forces chunked transfer encoding: HttpClient cannot know the length up front.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
