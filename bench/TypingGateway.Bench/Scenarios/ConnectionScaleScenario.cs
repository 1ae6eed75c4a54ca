using System.Net;
using TypingGateway.Bench.Hosting;
using TypingGateway.Bench.Load;
using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Scenarios;

/// <summary>
/// Issue 6 item 4: idle guest WebSockets on one instance (each proxied to its own upstream socket):
/// accept rate, and memory per connection as the growth of the server's working set and (gateway)
/// managed heap between before and while holding them, each read after a short burst of HTTP
/// requests so the GC has run recently.
/// </summary>
internal static class ConnectionScaleScenario
{
    private const string HeapMetric = "dotnet_gc_last_collection_heap_size_bytes";

    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var rows = new List<IReadOnlyList<string>>();
        var json = context.Report.Section("scale");
        var count = Math.Min(settings.ScaleConnections, OpenFileLimit.ProxiedConnections());
        var capped = count < settings.ScaleConnections
            ? $"capped at {Fmt.Int(count)}, the gateway's default WebSocket cap at this machine's open-file limit of {Fmt.Int(OpenFileLimit.Current() ?? 0)}, which cannot be raised here (no CAP_SYS_RESOURCE): a proxied WebSocket holds 2 sockets in the proxy and the cap keeps 10 % of the limit in reserve (WebSockets:MaxConnections)"
            : null;
        json["connections_requested"] = settings.ScaleConnections;
        json["connections_attempted"] = count;
        json["open_file_limit"] = OpenFileLimit.Current();
        json["capped_because"] = capped;

        // One client for the GC-prompting bursts of every measurement. Fresh processes for each run: a process keeps the
        // memory of connections it held before (heap, working set), so a repeat on the run's servers would measure little growth.
        using var client = HttpLoad.CreateClient(8);
        var perConnection = new Dictionary<string, (double WorkingSet, double Heap)>();
        var (freshGateway, freshYarp, fresh) = await context.Topology.StartFreshPairAsync(context.Control, cancellationToken);
        await using var freshProcesses = fresh;
        foreach (var target in new[] { freshGateway, freshYarp })
        {
            ScenarioContext.Progress($"scale: {target.Name}, {count} idle WebSockets");
            var process = target.Processes[0];
            var isGateway = target == freshGateway;
            var before = await MemoryAsync(context, client, target, process, isGateway, cancellationToken);
            (long WorkingSet, double Heap) during = default;
            var result = await ConnectionScale.RunAsync(
                i => target.WebSocketAddress(0, $"/genesys/v1?deploymentId=scale-{i}"),
                count,
                TimeSpan.FromSeconds(2),
                async () => during = await MemoryAsync(context, client, target, process, isGateway, cancellationToken),
                cancellationToken);

            var workingSetPer = (during.WorkingSet - before.WorkingSet) / (double)Math.Max(1, result.Held);
            var heapPer = (during.Heap - before.Heap) / Math.Max(1, result.Held);
            perConnection[target.Name] = (workingSetPer, heapPer);
            var key = ThroughputRounds.JsonKey(target.Name);
            json[$"{key}_connections_held"] = result.Held;
            json[$"{key}_connect_failures"] = result.Failed;
            json[$"{key}_accepts_per_s"] = Fmt.Json(result.AcceptsPerSecond, 0);
            json[$"{key}_working_set_bytes_per_connection"] = Fmt.Json(workingSetPer, 0);
            json[$"{key}_managed_heap_bytes_per_connection"] = Fmt.Json(heapPer, 0);
            json[$"{key}_working_set_mib_held"] = Fmt.Json(during.WorkingSet / (1024.0 * 1024), 1);
            if (isGateway)
            {
                json["connections_held"] = result.Held;
                json["bytes_per_connection"] = Fmt.Json(workingSetPer, 0);
                json["managed_heap_bytes_per_connection"] = Fmt.Json(heapPer, 0);
                json["accepts_per_s"] = Fmt.Json(result.AcceptsPerSecond, 0);
                var measured = $"{Fmt.Int(result.Held)} of {Fmt.Int(count)} held, {Fmt.Int(result.Failed)} failed{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}{(capped is null ? "" : $"; {capped}")}";
                context.Report.Check($"{Fmt.Int(settings.ScaleConnections)} concurrent guest WebSockets held on one instance", measured, result.Held == settings.ScaleConnections ? true : capped is null || result.Held < count ? false : null);
            }

            rows.Add([target.Name, $"{Fmt.Int(result.Held)} / {Fmt.Int(result.Attempted)}", Fmt.Int(result.AcceptsPerSecond), Fmt.Bytes(workingSetPer), Fmt.Bytes(heapPer), $"{during.WorkingSet / (1024.0 * 1024):0} MiB"]);
        }

        var gateway = perConnection[freshGateway.Name];
        var yarp = perConnection[freshYarp.Name];
        MemoryFigure(context.Report, Figures.ScaleWorkingSetRatio, gateway.WorkingSet, yarp.WorkingSet);
        MemoryFigure(context.Report, Figures.ScaleManagedHeapRatio, gateway.Heap, yarp.Heap);

        context.Report.Heading($"Connection scale ({Fmt.Int(count)} idle guest WebSockets on the Genesys route, one instance, each with its upstream socket)");
        context.Report.Table(["target", "held", "accepts/s", "working set / connection", "managed heap / connection", "working set holding them"], rows);
        if (capped is not null)
        {
            context.Report.Line($"\nThe count was {capped}.");
        }
    }

    /// <summary>Gateway over bare YARP per connection; a baseline that did not grow gives no ratio (a negative one would read as "met").</summary>
    private static void MemoryFigure(RunReport report, string figure, double gateway, double yarp)
    {
        if (yarp > 0)
        {
            report.Figure(figure, gateway / yarp, $"{Fmt.Bytes(gateway)} vs {Fmt.Bytes(yarp)} per connection");
        }
        else
        {
            report.FigureNotMeasured(figure, $"bare YARP's figure did not grow ({Fmt.Bytes(yarp)} per connection; gateway {Fmt.Bytes(gateway)})");
        }
    }

    private static async Task<(long WorkingSet, double Heap)> MemoryAsync(ScenarioContext context, HttpClient client, Target target, ChildProcess process, bool isGateway, CancellationToken cancellationToken)
    {
        // A burst of requests allocates enough that the GC runs: the heap figure is then recent.
        await HttpLoad.RunAsync(client, (w, _) => new HttpRequestMessage(HttpMethod.Get, new Uri(target.Address(w), "echo/gc")), s => s == HttpStatusCode.OK, 8, TimeSpan.Zero, TimeSpan.FromSeconds(1), cpuTime: null, cancellationToken);
        var heap = isGateway
            ? (await MetricsScrape.ReadAsync(context.Control, target.Addresses[0], cancellationToken)).Sum(HeapMetric)
            : double.Parse(await context.Control.GetStringAsync(new Uri(target.Addresses[0], BaselineProxy.HeapPath.TrimStart('/')), cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return (process.WorkingSetBytes(), heap);
    }
}
