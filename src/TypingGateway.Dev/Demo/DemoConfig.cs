namespace TypingGateway.Dev.Demo;

/// <summary>Served as <c>/demo/config.json</c>: the two guest WebSocket URLs the page connects to.</summary>
/// <param name="Gateway">Through the gateway (the page's own host, route genesys-guest).</param>
/// <param name="Direct">Straight to the simulator, as a widget without the gateway would connect.</param>
/// <param name="DeploymentId">Sent in configureSession.</param>
internal sealed record DemoConfig(string Gateway, string Direct, string DeploymentId);
