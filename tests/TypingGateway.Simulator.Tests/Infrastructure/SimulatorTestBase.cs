namespace TypingGateway.Simulator.Tests.Infrastructure;

/// <summary>Starts a fresh simulator on a free 127.0.0.1 port for every test.</summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    private SimulatorServer? _server;

    internal SimulatorServer Server => _server ?? throw new InvalidOperationException("The simulator has not started.");

    internal Uri BaseAddress => Server.BaseAddress;

    internal SimulatorClient Sim => Server.Client;

    internal HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(configure: Configure, timeProvider: CreateTimeProvider());
        Http.BaseAddress = _server.BaseAddress;
        Http.Timeout = TestTimeouts.Receive;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options for this test class's simulator.</summary>
    protected virtual void Configure(SimulatorOptions options)
    {
    }

    /// <summary>Clock for this test class's simulator; the system clock by default.</summary>
    private protected virtual TimeProvider? CreateTimeProvider() => null;

    internal Task<WsClient> ConnectAsync(string pathAndQuery, params string[] subProtocols) =>
        WsClient.ConnectAsync(BaseAddress, pathAndQuery, subProtocols);
}
