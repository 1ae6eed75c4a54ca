using System.Globalization;

namespace TypingGateway.Bench;

/// <summary>What one run measures and how long: <c>--quick</c> keeps the tool working in CI within about 3 minutes; the default (full) is what the README reports.</summary>
internal sealed record BenchSettings
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/TypingGateway.Bench -- [--quick] [--out DIR] [--only LIST] [--no-micro] [--repeat N]
          --quick      short measurements (CI: checks the tool works; numbers are indicative only)
          --out DIR    where results.json and results.md go (default: bench/results)
          --only LIST  comma-separated scenarios: http,ws,typing,scale,httptyping,micro (default: all)
          --no-micro   skip the BenchmarkDotNet micro-benchmarks
          --repeat N   run the selected scenarios N times in a row (1-10, default 1); the report gives
                       each ratio's median over the runs and its spread (min-max). Micro runs once.
        """;

    public static readonly string[] AllScenarios = ["http", "ws", "typing", "scale", "httptyping", "micro"];

    public bool Quick { get; init; }

    public bool ShowHelp { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine("bench", "results");

    public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string>(AllScenarios, StringComparer.Ordinal);

    /// <summary>Measured time of each round of a throughput scenario.</summary>
    public TimeSpan Measure => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(8);

    /// <summary>Unmeasured load before each round (JIT, connection pools, tiered compilation).</summary>
    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(3);

    /// <summary>Rounds per target, interleaved across targets so drift on a shared machine hits all alike; the median round is reported.</summary>
    public int Rounds => Quick ? 1 : 3;

    /// <summary>Concurrent HTTP requests in flight (closed loop).</summary>
    public int HttpConcurrency => Quick ? 16 : 32;

    /// <summary>WebSocket connections of the pass-through scenario (issue 6: 50).</summary>
    public static int WebSocketConnections => 50;

    public int TypingGuests => Quick ? 100 : 1000;

    public TimeSpan TypingDuration => Quick ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(30);

    public int ScaleConnections => Quick ? 1000 : 10_000;

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    settings = settings with { Quick = true };
                    break;
                case "--full":
                    settings = settings with { Quick = false };
                    break;
                case "--out":
                    settings = settings with { OutputDirectory = Value(args, ref i) };
                    break;
                case "--only":
                    var names = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = names.Where(n => !AllScenarios.Contains(n)).ToList();
                    if (unknown.Count > 0 || names.Length == 0)
                    {
                        throw new ArgumentException($"--only: unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllScenarios)}.");
                    }

                    settings = settings with { Scenarios = new HashSet<string>(names, StringComparer.Ordinal) };
                    break;
                case "--no-micro":
                    settings = settings with { Scenarios = new HashSet<string>(settings.Scenarios.Where(s => s != "micro"), StringComparer.Ordinal) };
                    break;
                case "--repeat":
                    var text = Value(args, ref i);
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var repeat) || repeat is < 1 or > MaxRepeat)
                    {
                        throw new ArgumentException($"--repeat: '{text}' is not a whole number from 1 to {MaxRepeat}.");
                    }

                    settings = settings with { Repeat = repeat };
                    break;
                case "-h" or "--help":
                    settings = settings with { ShowHelp = true };
                    break;
                default:
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Unknown argument '{args[i]}'."));
            }
        }

        return settings;
    }

    /// <summary>Bound of <c>--repeat</c>: ten full runs are already over two hours.</summary>
    public const int MaxRepeat = 10;

    /// <summary>Runs of the selected scenarios, one after the other on the same servers (<c>--repeat</c>).</summary>
    public int Repeat { get; init; } = 1;

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
