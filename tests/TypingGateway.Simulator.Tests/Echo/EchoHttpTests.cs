using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Echo;

[Trait("Area", "Simulator")]
public sealed class EchoHttpTests : SimulatorTestBase
{
    [Fact]
    public async Task Get_WithSize_ReturnsDeterministicBytes()
    {
        using var response = await Http.GetAsync(new Uri("echo/a/b?size=100000&x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(100000, bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.Equal((byte)((i * 31 + 7) % 251), bytes[i]);
        }

        Assert.Equal("GET", Header(response, "X-Sim-Method"));
        Assert.Equal("/echo/a/b?size=100000&x=1", Header(response, "X-Sim-Path"));
        Assert.Equal("0", Header(response, "X-Sim-Body-Length"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), Header(response, "X-Sim-Body-Sha256"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Method_With8MiBBody_EchoesExactBytes(string method)
    {
        var body = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(body);
        using var request = new HttpRequestMessage(new HttpMethod(method), "echo/upload?session=s-1") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
        var sha = Convert.ToHexStringLower(SHA256.HashData(body));
        Assert.Equal(method, Header(response, "X-Sim-Method"));
        Assert.Equal("8388608", Header(response, "X-Sim-Body-Length"));
        Assert.Equal(sha, Header(response, "X-Sim-Body-Sha256"));

        var record = Assert.Single(await Sim.GetRecordsAsync(session: "s-1"));
        Assert.Equal(("http", "http." + method, "accepted", "http", 8388608L, sha), (record.Protocol, record.Kind, record.Outcome, record.MessageType, record.Length, record.Sha256));
        Assert.Null(record.Text);
        Assert.Null(record.Base64);
    }

    [Fact]
    public async Task Post_16MiBBody_IsEchoed()
    {
        var body = new byte[16 * 1024 * 1024];
        new Random(7).NextBytes(body);

        using var response = await Http.PostAsync(new Uri("echo/big", UriKind.Relative), new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_SmallText_RecordsTextHeadersAndSessionHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "echo/x") { Content = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain") };
        request.Headers.Add("X-Session-Id", "hdr-session");

        using var response = await Http.SendAsync(request);

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync(session: "hdr-session"));
        Assert.Equal(("hello", 5L, "/echo/x"), (record.Text, record.Length, record.Path));
        Assert.Equal("hdr-session", record.Headers!["X-Session-Id"]);
    }

    [Fact]
    public async Task UnknownPath_Returns404AndIsRecorded()
    {
        using var response = await Http.GetAsync(new Uri("nowhere", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(("http.GET", "rejected:404"), (record.Kind, record.Outcome));
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
