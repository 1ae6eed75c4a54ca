using TypingGateway.Simulator.Tests.Infrastructure;

namespace TypingGateway.Simulator.Tests.CXone;

[Trait("Area", "Simulator")]
public sealed class CXoneChannelTests : SimulatorTestBase
{
    [Fact]
    public async Task ChannelInfo_ReturnsTheFieldsTheWebSdkReadsAndIsRecorded()
    {
        var body = await Http.GetStringAsync(new Uri("chat/1.0/brand/1234/channel/chat_1?locale=en_US", UriKind.Relative));

        Assert.Equal(
            """{"channelIdOnExternalPlatform":"chat_1","name":"chat_1","isLiveChat":false,"isAuthorizationEnabled":false,"isSecuredCookieEnabled":false,"isUnsecuredConnectionAllowed":true,"availability":{"status":"online"},"settings":{"hasMultipleThreadsPerEndUser":false,"enableChatTypingPreview":false,"features":{"securedSessions":false,"enableClientSideEventsThrottling":false}},"translations":{}}""",
            body);
        var record = Assert.Single(await Sim.GetRecordsAsync());
        Assert.Equal(("cxone", "cxone.channelInfo", "/chat/1.0/brand/1234/channel/chat_1?locale=en_US"), (record.Protocol, record.Kind, record.Path));
    }

    [Fact]
    public async Task ChannelAvailability_ReturnsOnline()
    {
        var body = await Http.GetStringAsync(new Uri("chat/1.0/brand/1234/channel/chat_1/availability", UriKind.Relative));

        Assert.Equal("""{"status":"online"}""", body);
        Assert.Equal("cxone.channelAvailability", Assert.Single(await Sim.GetRecordsAsync()).Kind);
    }
}
