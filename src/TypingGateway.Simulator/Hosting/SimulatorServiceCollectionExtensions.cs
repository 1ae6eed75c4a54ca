using Microsoft.Extensions.Options;
using TypingGateway.Simulator.CXone;
using TypingGateway.Simulator.Echo;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Genesys;
using TypingGateway.Simulator.GenesysGuestChat;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Hosting;

/// <summary>Registers the simulator's services; every piece of state is a singleton of one app, never static.</summary>
internal static class SimulatorServiceCollectionExtensions
{
    public static IServiceCollection AddSimulator(this IServiceCollection services, Action<SimulatorOptions>? configure, TimeProvider? timeProvider)
    {
        var options = services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Defaults for lists are applied after binding: the binder appends to pre-filled lists.
        options.PostConfigure(o =>
        {
            if (o.OAuth.Clients.Count == 0)
            {
                o.OAuth.Clients.Add(new OAuthClientOptions { ClientId = OAuthDefaults.ClientId, ClientSecret = OAuthDefaults.ClientSecret });
            }
        });
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();

        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddSingleton<Recorder>();
        services.AddSingleton<HttpRequestRecorder>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<GenesysSessionStore>();
        services.AddSingleton<GenesysAgentScript>();
        services.AddSingleton<GenesysRequestProcessor>();
        services.AddSingleton<GenesysSocketHandler>();
        services.AddSingleton<CXoneSessionStore>();
        services.AddSingleton<CXoneSocketHandler>();
        services.AddSingleton<CXoneChannelEndpoint>();
        services.AddSingleton<CXoneAgentMessages>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<OAuthTokenEndpoint>();
        services.AddSingleton<GenesysRestTypingEndpoint>();
        services.AddSingleton<GenesysPlatformApiEndpoint>();
        services.AddSingleton<GuestChatConversationStore>();
        services.AddSingleton<GuestChatAuthorizer>();
        services.AddSingleton<GuestChatCreateEndpoint>();
        services.AddSingleton<GuestChatTypingEndpoint>();
        services.AddSingleton<GuestChatMessageEndpoint>();
        services.AddSingleton<GuestChatMemberEndpoint>();
        services.AddSingleton<GuestChatUnsupportedEndpoint>();
        services.AddSingleton<GuestChatEventStreamHandler>();
        services.AddSingleton<EchoHttpEndpoint>();
        services.AddSingleton<EchoSocketHandler>();
        return services;
    }
}
