using System.Net;
using System.Net.Sockets;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12, R6: <c>/metrics</c> and <c>/health/*</c> answered on the public listener for any Host. With
/// <c>Management:Port</c> set they answer only on that port (whatever the Host header says), and the
/// management port serves nothing else.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class ManagementPortTests
{
    private static readonly string[] _managementPaths = ["/metrics", "/health/live", "/health/ready"];

    [Fact]
    public async Task ManagementPortSet_HealthAndMetrics_OnlyOnManagementPort()
    {
        // Arrange
        var port = FreePort();
        await using var deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null, settings: new Dictionary<string, string?> { ["Management:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var publicClient = deployment.Gateways[0].CreateClient();
        using var managementClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        publicClient.Timeout = TimeSpan.FromSeconds(10);
        Assert.NotEqual(port, deployment.Gateways[0].BaseAddress.Port);

        foreach (var path in _managementPaths)
        {
            // Act
            var onPublic = await StatusAsync(publicClient, path, host: null);
            var onPublicNamingManagementPort = await StatusAsync(publicClient, path, host: $"127.0.0.1:{port}");
            var onManagement = await StatusAsync(managementClient, path, host: null);
            var onManagementAnyHost = await StatusAsync(managementClient, path, host: "gateway.example");

            // Assert
            Assert.True(onPublic == HttpStatusCode.NotFound, $"{path} on the public port: {onPublic}");
            Assert.True(onPublicNamingManagementPort == HttpStatusCode.NotFound, $"{path} on the public port with Host naming the management port: {onPublicNamingManagementPort}");
            Assert.True(onManagement == HttpStatusCode.OK, $"{path} on the management port: {onManagement}");
            Assert.True(onManagementAnyHost == HttpStatusCode.OK, $"{path} on the management port with another Host: {onManagementAnyHost}");
        }

        // The proxy stays on the public port only.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(publicClient, "/echo/management?session=public", host: null));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(managementClient, "/echo/management?session=management", host: null));
        Assert.Empty(await deployment.Simulator.Client.GetRecordsAsync(session: "management"));
    }

    [Fact]
    public async Task ManagementPortUnset_HealthAndMetrics_OnPublicPort()
    {
        await using var deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null);
        using var client = deployment.Gateways[0].CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);

        foreach (var path in _managementPaths)
        {
            var status = await StatusAsync(client, path, host: null);

            Assert.True(status == HttpStatusCode.OK, $"{path}: {status}");
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path, string? host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
