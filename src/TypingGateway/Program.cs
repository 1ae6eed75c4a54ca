using TypingGateway.Auth;
using TypingGateway.Configuration;
using TypingGateway.Hosting;

try
{
    if (args is [GuestTicketMintCommand.Verb, .. var mintArgs])
    {
        return await GuestTicketMintCommand.RunAsync(mintArgs, Console.Out, Console.Error);
    }

    var builder = WebApplication.CreateBuilder(args);
    DefaultListenUrl.ApplyIfUnset(builder, DefaultListenUrl.Gateway);
    builder.AddTypingGateway();

    var app = builder.Build();
    app.UseTypingGateway();
    await app.RunAsync();
    return 0;
}
catch (GatewayConfigurationException ex)
{
    // Every error is in the message; exit code 2 tells orchestrators it is a config problem.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
