using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class FilteringUpgradeFeatureTests
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("WebSocket")]
    public async Task UpgradeAsync_WebSocketUpgrade_ReturnsFilterOverInnerStream(string upgrade)
    {
        var raw = new ScriptedStream(TestFrames.ClientText("hello"));
        var (feature, _) = Feature(raw, upgrade);

        var stream = await feature.UpgradeAsync();

        var filter = Assert.IsType<WebSocketStreamFilter>(stream);
        Assert.Same(filter, feature.Filter);
        Assert.Same(filter, await feature.Upgraded);
        Assert.Equal(TestFrames.ClientText("hello"), await filter.ReadToEndAsync(100));
    }

    [Fact]
    public async Task UpgradeAsync_OtherProtocol_ReturnsInnerStreamUnfiltered()
    {
        var raw = new ScriptedStream([]);
        var (feature, created) = Feature(raw, "h2c");

        var stream = await feature.UpgradeAsync();

        Assert.Same(raw, stream);
        Assert.Null(feature.Filter);
        Assert.Null(await feature.Upgraded);
        Assert.Equal(0, created());
    }

    [Fact]
    public async Task UpgradeAsync_InnerFails_UpgradedFaultsWithSameException()
    {
        var context = new DefaultHttpContext();
        var error = new InvalidOperationException("upgrade failed");
        var feature = new FilteringUpgradeFeature(context, new FakeUpgradeFeature(null, error), s => throw new InvalidOperationException("not called"));

        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(feature.UpgradeAsync));
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => feature.Upgraded));
    }

    [Fact]
    public async Task UpgradeAsync_FactoryFails_RawStreamDisposed()
    {
        var raw = new ScriptedStream([]);
        var context = new DefaultHttpContext();
        context.Response.Headers.Upgrade = "websocket";
        var feature = new FilteringUpgradeFeature(context, new FakeUpgradeFeature(raw, null), _ => throw new InvalidOperationException("factory failed"));

        await Assert.ThrowsAsync<InvalidOperationException>(feature.UpgradeAsync);

        Assert.True(raw.IsDisposed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsUpgradableRequest_DelegatesToInner(bool upgradable)
    {
        var feature = new FilteringUpgradeFeature(new DefaultHttpContext(), new FakeUpgradeFeature(null, null, upgradable), s => throw new InvalidOperationException());

        Assert.Equal(upgradable, feature.IsUpgradableRequest);
    }

    private static (FilteringUpgradeFeature Feature, Func<int> Created) Feature(Stream raw, string upgradeHeader)
    {
        // YARP copies the upstream's 101 response headers before it calls UpgradeAsync.
        var context = new DefaultHttpContext();
        context.Response.Headers.Upgrade = upgradeHeader;
        var created = 0;
        var feature = new FilteringUpgradeFeature(context, new FakeUpgradeFeature(raw, null), stream =>
        {
            created++;
            return new WebSocketStreamFilter(stream, new RecordingInspector(_ => false), new WebSocketFilterOptions());
        });
        return (feature, () => created);
    }

    private sealed class FakeUpgradeFeature(Stream? stream, Exception? error, bool upgradable = true) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => upgradable;

        public Task<Stream> UpgradeAsync() => error is null ? Task.FromResult(stream!) : Task.FromException<Stream>(error);
    }
}
