using TypingGateway.Bench.Hosting;

namespace TypingGateway.Bench.Tests;

public sealed class NginxProxyTests
{
    private const string Prefix = "/tmp/bench-nginx";
    private static readonly Uri _simulator = new("http://127.0.0.1:5123/");

    [Fact]
    public void Config_OneWorkerKeepaliveUpstreamToTheSimulator()
    {
        var config = NginxProxy.Config(Prefix, 8088, _simulator, [], workerUser: null);

        Assert.Contains("worker_processes 1;", config, StringComparison.Ordinal);
        Assert.Contains("server 127.0.0.1:5123;", config, StringComparison.Ordinal);
        Assert.Contains($"keepalive {NginxProxy.UpstreamKeepalive};", config, StringComparison.Ordinal);
        Assert.Contains("listen 127.0.0.1:8088;", config, StringComparison.Ordinal);
        Assert.Contains("error_log /tmp/bench-nginx/error.log warn;", config, StringComparison.Ordinal);
        Assert.DoesNotContain("user ", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_EchoRoute_UnchangedPathAndEmptyConnectionHeader()
    {
        var echo = Location(NginxProxy.Config(Prefix, 8088, _simulator, [], null), "/echo/");

        Assert.Contains("proxy_pass http://simulator;", echo, StringComparison.Ordinal);
        Assert.Contains("proxy_http_version 1.1;", echo, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection \"\";", echo, StringComparison.Ordinal);
        Assert.DoesNotContain("Upgrade", echo, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_ChatRoute_RewrittenToWsWithUpgradeHeaders()
    {
        var chat = Location(NginxProxy.Config(Prefix, 8088, _simulator, [], null), "/chat/");

        // tutorial-chat: /chat/{**rest} -> /ws/{**rest}; the URI of proxy_pass replaces the location prefix.
        Assert.Contains("proxy_pass http://simulator/ws/;", chat, StringComparison.Ordinal);
        Assert.Contains("proxy_http_version 1.1;", chat, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", chat, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection \"upgrade\";", chat, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_TempPathsInThePrefix_OnlyForModulesTheBuildHas()
    {
        var config = NginxProxy.Config(Prefix, 8088, _simulator, ["fastcgi"], null);

        Assert.Contains("client_body_temp_path /tmp/bench-nginx/client_body;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_temp_path /tmp/bench-nginx/proxy;", config, StringComparison.Ordinal);
        Assert.Contains("fastcgi_temp_path /tmp/bench-nginx/fastcgi;", config, StringComparison.Ordinal);
        Assert.DoesNotContain("uwsgi_temp_path", config, StringComparison.Ordinal);
        Assert.DoesNotContain("scgi_temp_path", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_AsRoot_WorkersKeepTheUser()
    {
        var config = NginxProxy.Config(Prefix, 8088, _simulator, [], workerUser: "root");

        Assert.StartsWith("user root;", config.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Config_BracesBalanced()
    {
        var config = NginxProxy.Config(Prefix, 8088, _simulator, ["fastcgi", "uwsgi", "scgi"], "root");

        Assert.Equal(config.Count(c => c == '{'), config.Count(c => c == '}'));
    }

    [Fact]
    public void ModulesWithTempPaths_LightBuild_WithoutScgiAndUwsgi()
    {
        const string version = "nginx version: nginx/1.22.1\nconfigure arguments: --with-cc-opt=-O2 --without-http_scgi_module --without-http_uwsgi_module --with-http_gzip_static_module";

        Assert.Equal(["fastcgi"], NginxProxy.ModulesWithTempPaths(version));
    }

    [Fact]
    public void ModulesWithTempPaths_FullBuild_All()
    {
        Assert.Equal(["fastcgi", "uwsgi", "scgi"], NginxProxy.ModulesWithTempPaths("configure arguments: --with-http_ssl_module"));
    }

    [Fact]
    public void Arguments_NoDaemonPidInThePrefix()
    {
        var arguments = NginxProxy.Arguments(Prefix, "/tmp/bench-nginx/nginx.conf");

        Assert.Equal(["-p", Prefix, "-c", "/tmp/bench-nginx/nginx.conf", "-g", "daemon off; pid /tmp/bench-nginx/nginx.pid;"], arguments);
    }

    /// <summary>The text of one <c>location</c> block, up to its closing brace.</summary>
    private static string Location(string config, string path)
    {
        var start = config.IndexOf($"location {path} {{", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no location {path}");
        var end = config.IndexOf('}', start);
        return config[start..end];
    }
}
