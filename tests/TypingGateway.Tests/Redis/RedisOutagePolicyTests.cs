using System.Threading.Channels;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Redis;

namespace TypingGateway.Tests.Redis;

[Trait("Area", "Redis")]
public sealed class RedisOutagePolicyTests : IDisposable
{
    private const int UnavailableEvent = 1105;
    private const int AvailableEvent = 1106;

    private static readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan _firstProbe = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _maxProbe = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);

    private readonly ArmedTimers _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<RedisOutagePolicy> _logger = new();
    private readonly Channel<DateTimeOffset> _probes = Channel.CreateUnbounded<DateTimeOffset>();
    private readonly RedisOutagePolicy _policy;

    /// <summary>What the next probe (a <c>TIME</c> round trip) answers: the server's clock, or null for a failure.</summary>
    private volatile string? _serverAnswer;

    public RedisOutagePolicyTests()
    {
        _policy = new RedisOutagePolicy(ReadServerTimeAsync, _timeout, _firstProbe, _maxProbe, _time, _logger);
    }

    public void Dispose() => _policy.Dispose();

    [Fact]
    public void ThrowIfUnavailable_NoFailure_DoesNotThrow()
    {
        _policy.ThrowIfUnavailable();

        Assert.True(_policy.IsAvailable);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void Failed_ManyCallsFail_OneOutageLoggedAndEveryLaterCallFailsFast()
    {
        var first = _policy.Failed("typing.start", new TimeoutException("no answer"));
        var second = _policy.Failed("ratelimit.acquire", new TimeoutException("no answer"));

        Assert.False(_policy.IsAvailable);
        Assert.IsType<TimeoutException>(first.InnerException);
        Assert.IsType<TimeoutException>(second.InnerException);
        Assert.Throws<RedisUnavailableException>(_policy.ThrowIfUnavailable);
        Assert.Equal([UnavailableEvent], EventIds());
    }

    [Fact]
    public void Failed_CauseIsAlreadyUnavailable_ReturnedAsIs()
    {
        var cause = new RedisUnavailableException("Redis is not connected.");

        Assert.Same(cause, _policy.Failed("typing.start", cause));
    }

    [Fact]
    public async Task Probe_ServerAnswersAfterThreeFailedProbes_AvailableAgainAfterDoublingDelaysLoggedOnce()
    {
        _policy.Failed("typing.start", new TimeoutException());

        // Probes at +100, +300 (100 + 200), +700 (+400) and +1200 ms (+500, the cap); the fourth is answered.
        Assert.Equal(TimeSpan.FromMilliseconds(100), await AdvanceUntilProbeAsync());
        Assert.Equal(TimeSpan.FromMilliseconds(200), await AdvanceUntilProbeAsync());
        Assert.Equal(TimeSpan.FromMilliseconds(400), await AdvanceUntilProbeAsync());
        Assert.False(_policy.IsAvailable);
        _serverAnswer = "2026-11-21T12:00:01.200Z";
        Assert.Equal(TimeSpan.FromMilliseconds(500), await AdvanceUntilProbeAsync());
        await WaitUntilAsync(() => _policy.IsAvailable);

        _policy.ThrowIfUnavailable();
        Assert.Equal([UnavailableEvent, AvailableEvent], EventIds());
        Assert.Contains("1200 ms", _logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SecondOutage_LoggedAgainWithItsEnd()
    {
        _serverAnswer = "2026-11-21T12:00:00Z";
        foreach (var _ in Enumerable.Range(0, 2))
        {
            _policy.Failed("typing.start", new TimeoutException());
            await AdvanceUntilProbeAsync();
            await WaitUntilAsync(() => _policy.IsAvailable);
        }

        Assert.Equal([UnavailableEvent, AvailableEvent, UnavailableEvent, AvailableEvent], EventIds());
    }

    [Fact]
    public void ServerDeadline_NotCalibrated_NoDeadline()
    {
        Assert.Equal(0, _policy.ServerDeadline(_timeout));
    }

    [Fact]
    public async Task ServerDeadline_ServerClockFiveSecondsAhead_DeadlineInServerClock()
    {
        _serverAnswer = "2026-11-21T12:00:05Z";

        Assert.True(await _policy.CalibrateAsync(default));

        var expected = new DateTimeOffset(2026, 11, 21, 12, 0, 5, 250, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(expected, _policy.ServerDeadline(_timeout));
    }

    [Fact]
    public async Task CalibrateAsync_ServerFails_FalseAndNoDeadline()
    {
        Assert.False(await _policy.CalibrateAsync(default));

        Assert.Equal(0, _policy.ServerDeadline(_timeout));
        Assert.True(_policy.IsAvailable); // calibrating is not a verdict on availability
    }

    private Task<DateTimeOffset> ReadServerTimeAsync(CancellationToken cancellationToken)
    {
        _probes.Writer.TryWrite(_time.GetUtcNow());
        return _serverAnswer is { } answer
            ? Task.FromResult(DateTimeOffset.Parse(answer, System.Globalization.CultureInfo.InvariantCulture))
            : Task.FromException<DateTimeOffset>(new TimeoutException("frozen"));
    }

    /// <summary>Waits until the probe loop arms its next delay, lets that much time pass and waits for the probe; returns the delay.</summary>
    private async Task<TimeSpan> AdvanceUntilProbeAsync()
    {
        using var timeout = new CancellationTokenSource(_wait);
        var delay = await _time.Armed.Reader.ReadAsync(timeout.Token);
        _time.Advance(delay);
        await _probes.Reader.ReadAsync(timeout.Token);
        return delay;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + _wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(1);
        }
    }

    private int[] EventIds() => [.. _logger.Collector.GetSnapshot().Select(r => r.Id.Id)];

    /// <summary>A fake clock that reports each delay armed on it, so the test moves time only once the loop waits.</summary>
    private sealed class ArmedTimers(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public Channel<TimeSpan> Armed { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Armed.Writer.TryWrite(dueTime);
            return timer;
        }
    }
}
