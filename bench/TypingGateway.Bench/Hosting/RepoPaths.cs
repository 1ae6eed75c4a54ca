namespace TypingGateway.Bench.Hosting;

/// <summary>Where the checkout and the built servers are: the tool runs from bench/TypingGateway.Bench/bin/&lt;Configuration&gt;/net10.0.</summary>
internal sealed record RepoPaths(string Root, string Configuration)
{
    public string GatewayDll => Built("TypingGateway");

    public string SimulatorDll => Built("TypingGateway.Simulator");

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string BenchmarksProject => Path.Combine(Root, "bench", "TypingGateway.Benchmarks", "TypingGateway.Benchmarks.csproj");

    /// <summary>This program's own dll, started again as the bare YARP baseline.</summary>
    public static string SelfDll => typeof(RepoPaths).Assembly.Location;

    public static RepoPaths Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TypingGateway.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"TypingGateway.sln not found above {AppContext.BaseDirectory}; run the tool from the checkout (dotnet run --project bench/TypingGateway.Bench).");
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        return new RepoPaths(directory.FullName, configuration);
    }

    private string Built(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build with `dotnet build -c {Configuration}` (dotnet run of the bench project builds it).");
    }
}
