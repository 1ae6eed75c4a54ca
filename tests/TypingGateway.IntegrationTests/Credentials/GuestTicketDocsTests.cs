using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TypingGateway.Auth;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>The documented ways to mint tickets (docs/guest-tickets.md snippets, the mint-ticket command) produce tickets the gateway accepts.</summary>
[Trait("Area", "Credentials")]
public sealed class GuestTicketDocsTests
{
    private const string KeyId = "docs";
    private static readonly string _key = Convert.ToBase64String(Encoding.UTF8.GetBytes("a documentation test key of enough bytes"));

    [Theory]
    [InlineData("python", "python3")]
    [InlineData("javascript", "node")]
    public async Task DocsSnippet_MintsTicketTheGatewayAccepts(string language, string interpreter)
    {
        var snippet = Snippet(language);
        var subject = "conv-" + Guid.NewGuid().ToString("N");

        var ticket = await RunAsync(interpreter, snippet, new Dictionary<string, string> { ["KEY_ID"] = KeyId, ["KEY"] = _key, ["SUBJECT"] = subject, ["TTL"] = "600" });

        var keys = new GuestTicketKeyRing(
            new Dictionary<string, byte[]> { [KeyId] = Encoding.UTF8.GetBytes(_key) }, "X-Guest-Ticket", "guest_ticket", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30));
        Assert.Equal(GuestTicketVerdict.Valid, GuestTicket.Verify(ticket, keys, subject, DateTimeOffset.UtcNow));
        Assert.Equal(GuestTicketVerdict.WrongSubject, GuestTicket.Verify(ticket, keys, subject + "x", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task MintTicketCommand_PrintsTicketTheGatewayAccepts()
    {
        await using var simulator = await Simulator.SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await GuestTicketMintCommand.RunAsync(["--subject", "conv-42", "--ttl", "00:10:00", $"--config-dir={config.Path}", "--hostBuilder:reloadConfigOnChange=false"], output, error);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        var ticket = output.ToString().Trim();
        await using var gateway = await GatewayHost.StartAsync(config.Path);
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/conversations/messages/conv-42/communications/c1/typing")
        {
            Content = new StringContent("""{"typing":{"type":"On"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Guest-Ticket", ticket);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await simulator.Client.GetRecordsAsync(kind: "genesys-rest.typing"));
    }

    [Fact]
    public async Task MintTicketCommand_WithoutSubject_PrintsUsageAndExits2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await GuestTicketMintCommand.RunAsync([], output, error);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.StartsWith("Usage: mint-ticket --subject", error.ToString(), StringComparison.Ordinal);
    }

    private static string Snippet(string language)
    {
        var doc = File.ReadAllText(Path.Combine(RedisServerFixture.RepositoryRoot(), "docs", "guest-tickets.md"));
        var match = Regex.Match(doc, "```" + language + "\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/guest-tickets.md has no ```{language} block");
        return match.Groups[1].Value;
    }

    private static async Task<string> RunAsync(string interpreter, string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(interpreter) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{interpreter} could not be started; it is needed to check the documented snippet.");
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{interpreter} exited with {process.ExitCode}: {await errors}");
        return (await output).Trim();
    }
}
