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
        directory.WriteShippedCredentials(upstream);
        return directory;
    }

    /// <summary>The shipped <c>dev</c> guest-ticket key as this directory's gateways use it (set for copies of the shipped config).</summary>
    public byte[] TicketKey { get; private set; } = [];

    /// <summary>Mints a ticket for <paramref name="subject"/> with <see cref="TicketKey"/>, valid for <paramref name="lifetime"/> (default 1 hour).</summary>
    public string Ticket(string subject, TimeSpan? lifetime = null) =>
        Auth.GuestTicket.Mint(ShippedTicketKeyId, TicketKey, subject, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1)));

    public const string ShippedTicketKeyId = "dev";

    /// <summary>Writes a secret file under <c>secrets/</c> of this directory; returns its path.</summary>
    public string WriteSecret(string name, string value)
    {
        var secrets = System.IO.Path.Combine(Path, "secrets");
        Directory.CreateDirectory(secrets);
        var file = System.IO.Path.Combine(secrets, name);
        File.WriteAllText(file, value);
        return file;
    }

    // The shipped credentials.json reads its secrets from environment variables; tests run many
    // gateways in one process, so each directory gets its own secret files instead (as an operator's
    // override file would do), and the token URL points at the test's simulator.
    private void WriteShippedCredentials(Uri upstream)
    {
        // The gateway uses the UTF-8 bytes of the secret as the HMAC key.
        var keyText = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var ticketKey = WriteSecret("ticket-key-dev", keyText);
        TicketKey = System.Text.Encoding.UTF8.GetBytes(keyText);
        var clientSecret = WriteSecret("genesys-client-secret", "sim-example-secret");
        Write("zz-test-credentials.json", new JsonObject
        {
            ["Upstreams"] = new JsonObject
            {
                ["genesys"] = new JsonObject
                {
                    ["TokenUrl"] = new Uri(upstream, "oauth/token").ToString(),
                    ["ClientSecretEnv"] = string.Empty,
                    ["ClientSecretFile"] = clientSecret,
                },
            },
            ["GuestTickets"] = new JsonObject
            {
                ["Keys"] = new JsonObject { [ShippedTicketKeyId] = new JsonObject { ["SecretEnv"] = string.Empty, ["SecretFile"] = ticketKey } },
            },
        });
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
