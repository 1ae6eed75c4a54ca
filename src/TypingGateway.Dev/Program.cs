using TypingGateway.Configuration;
using TypingGateway.Dev;
using TypingGateway.Dev.Demo;
using TypingGateway.Hosting;
using TypingGateway.Simulator;

// One command for a first look: the upstream simulator on :5180 and one gateway on :5080 in
// front of it, using the checkout's config/ (single-instance mode, no Redis needed).
var simulatorUrl = DevSettings.Value(args, "--simulator-url") ?? DevSettings.SimulatorUrl;
await using var simulator = await SimulatorServer.StartAsync(simulatorUrl);

DevCredentials.ApplyIfUnset();
try
{
    var builder = WebApplication.CreateBuilder(args);
    DefaultListenUrl.ApplyIfUnset(builder, DefaultListenUrl.Gateway);
    builder.AddTypingGateway();
    var app = builder.Build();
    app.UseTypingGateway();
    app.MapDemoPage(simulator);
    await app.StartAsync();

    var ticket = DevCredentials.Ticket(app.Services.GetRequiredService<TypingGateway.Auth.CredentialsCatalog>(), DevBanner.DemoConversation, TimeSpan.FromHours(8));
    DevBanner.Print(app.Urls.First(), simulator.BaseAddress, ticket);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (GatewayConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
