using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.Recording;

[Trait("Area", "Simulator")]
public sealed class RecorderApiTests : SimulatorTestBase
{
    [Fact]
    public async Task Records_AreInSeqOrder_AndFilterBySessionKindAndAfter()
    {
        await PostEchoAsync("a", "1");
        await PostEchoAsync("b", "2");
        await PutEchoAsync("a", "3");

        var all = await Sim.GetRecordsAsync();
        Assert.Equal([1L, 2L, 3L], all.Select(r => r.Seq));
        Assert.Equal(["1", "3"], (await Sim.GetRecordsAsync(session: "a")).Select(r => r.Text));
        Assert.Equal(["3"], (await Sim.GetRecordsAsync(kind: "http.PUT")).Select(r => r.Text));
        Assert.Equal(["2", "3"], (await Sim.GetRecordsAsync(afterSeq: 1)).Select(r => r.Text));
        Assert.Equal(["1"], (await Sim.GetRecordsAsync(session: "a", kind: "http.POST")).Select(r => r.Text));
    }

    [Fact]
    public async Task Records_ProtocolFilterAndCamelCaseJson()
    {
        await PostEchoAsync("a", "1");

        var json = await Http.GetStringAsync(new Uri("_sim/records?protocol=http", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        var item = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(
            ["seq", "time", "connectionId", "session", "protocol", "kind", "outcome", "messageType", "length", "sha256", "text", "base64", "method", "path", "headers", "closeStatus", "closeDescription"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[]", await Http.GetStringAsync(new Uri("_sim/records?protocol=genesys", UriKind.Relative)));
    }

    [Fact]
    public async Task Counts_ByKindAndBySession()
    {
        await PostEchoAsync("a", "1");
        await PostEchoAsync("a", "2");
        await PutEchoAsync("b", "3");

        var counts = await Sim.GetCountsAsync();
        Assert.Equal(3, counts.Total);
        Assert.Equal(2, counts.ByKind["http.POST"]);
        Assert.Equal(1, counts.ByKind["http.PUT"]);
        Assert.Equal(2, counts.BySession["a"]["http.POST"]);
        Assert.Equal(1, counts.BySession["b"]["http.PUT"]);

        var forA = await Sim.GetCountsAsync(session: "a");
        Assert.Equal(2, forA.Total);
        Assert.Equal(["a"], forA.BySession.Keys);

        var json = await Http.GetStringAsync(new Uri("_sim/counts?kind=http.PUT", UriKind.Relative));
        Assert.Equal("""{"total":1,"byKind":{"http.PUT":1},"bySession":{"b":{"http.PUT":1}}}""", json);
    }

    [Fact]
    public async Task Reset_ClearsRecordsFaultsSessionsAndTokens_SeqKeepsCounting()
    {
        await PostEchoAsync("a", "1");
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Count: 5, Status: 503));
        await using (var ws = await ConnectAsync("v1?deploymentId=d"))
        {
            await ws.SendTextAsync("""{"token":"tok","action":"configureSession"}""");
            await ws.ReceiveTextAsync();
        }

        await Sim.ResetAsync();

        Assert.Empty(await Sim.GetRecordsAsync());
        using var response = await Http.PostAsync(new Uri("echo/x?session=a", UriKind.Relative), new StringContent("after"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.True(record.Seq > 2);

        await using var again = await ConnectAsync("v1?deploymentId=d");
        await again.SendTextAsync("""{"token":"tok","action":"configureSession"}""");
        Assert.Contains("\"newSession\":true", await again.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorder_KeepsAtMostMaxItems()
    {
        await using var server = await SimulatorServer.StartAsync(configure: o => o.Recorder.MaxItems = 3);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 1; i <= 5; i++)
        {
            using var response = await http.PostAsync(new Uri("echo/x", UriKind.Relative), new StringContent(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var records = await server.Client.GetRecordsAsync();
        Assert.Equal(["3", "4", "5"], records.Select(r => r.Text));
        Assert.Equal([3L, 4L, 5L], records.Select(r => r.Seq));
    }

    [Fact]
    public async Task ControlApi_IsNotRecorded()
    {
        await Sim.GetRecordsAsync();
        await Sim.GetCountsAsync();
        await Sim.ClearFaultsAsync();

        Assert.Empty(await Sim.GetRecordsAsync());
        using var bad = await Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), JsonContent.Create(new { scope = "nope", count = 0 }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task PostEchoAsync(string session, string body)
    {
        using var response = await Http.PostAsync(new Uri("echo/p?session=" + session, UriKind.Relative), new StringContent(body));
        response.EnsureSuccessStatusCode();
    }

    private async Task PutEchoAsync(string session, string body)
    {
        using var response = await Http.PutAsync(new Uri("echo/p?session=" + session, UriKind.Relative), new StringContent(body));
        response.EnsureSuccessStatusCode();
    }
}
