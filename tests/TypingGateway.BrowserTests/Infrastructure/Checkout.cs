using System.Reflection;

namespace TypingGateway.BrowserTests.Infrastructure;

/// <summary>The repository this test assembly was built from: the shipped <c>config/</c> and <c>docs/</c>.</summary>
internal static class Checkout
{
    private const string SolutionFile = "TypingGateway.sln";

    public static string Root { get; } = FindRoot();

    public static string ConfigDirectory => Path.Combine(Root, "config");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        // Built to another artifacts path: the checkout recorded at build time.
        var recorded = typeof(Checkout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, SolutionFile))
            ? recorded
            : throw new InvalidOperationException($"Cannot find the repository root ({SolutionFile}) above {AppContext.BaseDirectory}.");
    }
}
