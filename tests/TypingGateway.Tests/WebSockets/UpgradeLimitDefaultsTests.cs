using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class UpgradeLimitDefaultsTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                40000                files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void Parse_ProcLimits_ReturnsTheSoftLimit() => Assert.Equal(20000, OpenFileLimit.Parse(Limits));

    [Fact]
    public void Parse_UnlimitedOrMissingRow_ReturnsNull()
    {
        Assert.Null(OpenFileLimit.Parse(Limits.Replace("20000      ", "unlimited  ", StringComparison.Ordinal)));
        Assert.Null(OpenFileLimit.Parse("Limit  Soft Limit  Hard Limit  Units\n"));
    }

    [Theory]
    [InlineData(20000L, 9000)] // the machine: the process died at 9,859 sockets, ~280 descriptors besides two per socket
    [InlineData(1024L, 256)] // a common default: half kept in reserve
    [InlineData(65536L, 29491)]
    [InlineData(64L, 16)]
    [InlineData(1L, 1)]
    public void MaxConnections_FromOpenFileLimit_KeepsTwoPerConnectionAndAReserve(long limit, int expected) =>
        Assert.Equal(expected, UpgradeLimitDefaults.MaxConnections(limit));

    [Fact]
    public void MaxConnections_LimitUnknown_IsNoCap() => Assert.Equal(int.MaxValue, UpgradeLimitDefaults.MaxConnections(null));

    [Fact]
    public void ReadSoftLimit_ThisProcess_MatchesProcLimitsWhereLinuxPublishesThem()
    {
        var expected = File.Exists(OpenFileLimit.LimitsFile) ? OpenFileLimit.Parse(File.ReadAllText(OpenFileLimit.LimitsFile)) : null;

        Assert.Equal(expected, OpenFileLimit.ReadSoftLimit());
    }
}
