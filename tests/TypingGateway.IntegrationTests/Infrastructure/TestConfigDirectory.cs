using System.Text.Json.Nodes;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>A temporary config directory, deleted on dispose.</summary>
public sealed class TestConfigDirectory : IDisposable
{
    private TestConfigDirectory(string path) => Path = path;

    public string Path { get; }

    public static TestConfigDirectory Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "typinggateway-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new TestConfigDirectory(path);
    }

    /// <summary>A config directory whose proxy.json routes the standard paths to <paramref name="upstream"/>.</summary>
    public static TestConfigDirectory ForUpstream(Uri upstream, Action<JsonObject>? customize = null)
    {
        var directory = Create();
        var proxy = ProxyConfig.Standard(upstream);
        customize?.Invoke(proxy);
        directory.Write("proxy.json", proxy);
        return directory;
    }

    /// <summary>
    /// A copy of the shipped <c>config/*.json</c> with every cluster pointed at <paramref name="upstream"/>
    /// (through a later file, as an operator would override them), so tests exercise the shipped examples.
    /// </summary>
    public static TestConfigDirectory FromShipped(Uri upstream)
    {
        var directory = Create();
        var shipped = System.IO.Path.Combine(RedisServerFixture.RepositoryRoot(), "config");
        foreach (var file in Directory.GetFiles(shipped, "*.json"))
        {
            File.Copy(file, System.IO.Path.Combine(directory.Path, System.IO.Path.GetFileName(file)));
        }

        var proxy = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(shipped, "proxy.json")))!;
        var clusters = new JsonObject();
        foreach (var (name, cluster) in proxy["ReverseProxy"]!["Clusters"]!.AsObject())
        {
            var destinations = new JsonObject();
            foreach (var (destination, _) in cluster!["Destinations"]!.AsObject())
            {
                destinations[destination] = new JsonObject { ["Address"] = upstream.ToString() };
            }

            clusters[name] = new JsonObject { ["Destinations"] = destinations };
        }

        directory.Write("zz-test-upstream.json", new JsonObject { ["ReverseProxy"] = new JsonObject { ["Clusters"] = clusters } });
        return directory;
    }

    /// <summary>Writes a file in one step (temp file + rename), as config management tools do.</summary>
    public void Write(string fileName, JsonNode content) => WriteText(fileName, content.ToJsonString(new() { WriteIndented = true }));

    public void WriteText(string fileName, string content)
    {
        var target = System.IO.Path.Combine(Path, fileName);
        var temp = target + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, target, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the temp folder is cleaned eventually.
        }
    }
}
