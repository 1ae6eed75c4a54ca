using System.Net.WebSockets;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Topology;

/// <summary>
/// One Genesys guest with two tabs connected through the load balancer, as a widget behaves: when a tab's connection
/// ends without the guest closing it, the tab connects again through the load balancer (at once, then every 250 ms,
/// for at most 5 s) and configures the same session; keystrokes and messages go on the tab asked for, else the other
/// open one. Every tab ever opened is kept, so a test can read everything each one received.
/// </summary>
internal sealed class TopologyGuest : IAsyncDisposable
{
    private const string RoutePrefix = "/genesys";
    private const int ReconnectAttempts = 20;
    private static readonly TimeSpan _reconnectPause = TimeSpan.FromMilliseconds(250);

    private readonly LocalTopology _topology;
    private readonly Lock _lock = new();
    private readonly ChatGuest?[] _tabs = new ChatGuest?[2];
    private readonly LocalTopology.Replica?[] _replicas = new LocalTopology.Replica?[2];
    private readonly List<ChatGuest> _opened = [];
    private readonly List<Task> _watchers = [];
    private readonly List<TabReconnect> _reconnects = [];
    private readonly List<string> _sent = [];
    private volatile bool _disposing;
    private int _acknowledged;
    private int _keystrokesNotSent;

    private TopologyGuest(LocalTopology topology, int number)
    {
        _topology = topology;
        Number = number;
        (Token, Deployment) = GenesysGuest.NewSession();
    }

    public int Number { get; }

    /// <summary>The Genesys session token: the simulator's <c>session</c> of every frame of this guest.</summary>
    public string Token { get; }

    public string Deployment { get; }

    /// <summary>The message frames sent, in order.</summary>
    public IReadOnlyList<string> SentMessages { get { lock (_lock) { return [.. _sent]; } } }

    /// <summary>Messages whose echo from the platform reached a tab of the guest.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Keystrokes dropped because no tab was open at that moment.</summary>
    public int KeystrokesNotSent => Volatile.Read(ref _keystrokesNotSent);

    /// <summary>The replica each tab is connected to now.</summary>
    public IReadOnlyList<LocalTopology.Replica?> Replicas { get { lock (_lock) { return [.. _replicas]; } } }

    public IReadOnlyList<TabReconnect> Reconnects { get { lock (_lock) { return [.. _reconnects]; } } }

    /// <summary>Every frame every tab of the guest received, including tabs whose connection was lost.</summary>
    public IEnumerable<string> Received { get { lock (_lock) { return [.. _opened.SelectMany(t => t.Received)]; } } }

    public static async Task<TopologyGuest> OpenAsync(LocalTopology topology, int number)
    {
        var guest = new TopologyGuest(topology, number);
        try
        {
            await guest.OpenTabAsync(0);
            await guest.OpenTabAsync(1);
            return guest;
        }
        catch
        {
            await guest.DisposeAsync();
            throw;
        }
    }

    /// <summary>One keystroke (a Genesys typing event) on tab <paramref name="tab"/>, else the other open one.</summary>
    public async Task KeystrokeAsync(int key, int tab)
    {
        var frame = GenesysFrames.Typing(Token, key);
        foreach (var candidate in OpenTabs(tab))
        {
            try
            {
                await candidate.SendAsync(frame);
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The connection went between the state check and the send: the other tab, if open.
            }
        }

        Interlocked.Increment(ref _keystrokesNotSent);
    }

    /// <summary>
    /// Sends a text message on tab <paramref name="tab"/> (else the other open one) and waits until the platform's echo of
    /// it, which Genesys sends to every tab of the session, reached one of them: the guest's acknowledgement.
    /// </summary>
    public async Task SendMessageAsync(string text, int n, int tab, TimeSpan acknowledgementTimeout)
    {
        var sender = OpenTabs(tab).FirstOrDefault()
            ?? throw new InvalidOperationException($"guest {Number} has no open tab to send \"{text}\" on.");
        var frame = GenesysFrames.Text(Token, text, n);
        await sender.SendAsync(frame);
        lock (_lock)
        {
            _sent.Add(frame);
        }

        var echo = $"\"text\":\"{text}\"";
        await Wait.UntilAsync(
            () => Task.FromResult(Received.Any(f => f.Contains(echo, StringComparison.Ordinal) && f.Contains("\"direction\":\"Inbound\"", StringComparison.Ordinal))),
            acknowledgementTimeout,
            $"guest {Number}'s message \"{text}\" is echoed to one of its tabs");
        Interlocked.Increment(ref _acknowledged);
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        List<ChatGuest> opened;
        List<Task> watchers;
        lock (_lock)
        {
            opened = [.. _opened];
            watchers = [.. _watchers];
        }

        foreach (var tab in opened)
        {
            await tab.DisposeAsync();
        }

        await Task.WhenAll(watchers); // each ends once its tab is disposed (a reconnect in progress within 5 s)
    }

    private List<ChatGuest> OpenTabs(int preferred)
    {
        lock (_lock)
        {
            return new[] { _tabs[preferred], _tabs[1 - preferred] }.OfType<ChatGuest>().Where(t => t.State == WebSocketState.Open).ToList();
        }
    }

    private async Task OpenTabAsync(int slot)
    {
        var tab = await GenesysGuest.OpenTabAsync(_topology.LoadBalancerWebSocket, RoutePrefix, Token, Deployment, collectResponseHeaders: true);
        lock (_lock)
        {
            _tabs[slot] = tab;
            _replicas[slot] = _topology.ReplicaServing(tab);
            _opened.Add(tab);
            _watchers.Add(WatchAsync(slot, tab));
        }
    }

    private async Task WatchAsync(int slot, ChatGuest tab)
    {
        await tab.Completion;
        if (_disposing)
        {
            return;
        }

        var lostAt = DateTimeOffset.UtcNow;
        LocalTopology.Replica? lostReplica;
        lock (_lock)
        {
            lostReplica = _replicas[slot];
            _replicas[slot] = null;
        }

        for (var attempt = 1; attempt <= ReconnectAttempts && !_disposing; attempt++)
        {
            try
            {
                await OpenTabAsync(slot);
                lock (_lock)
                {
                    _reconnects.Add(new TabReconnect(slot, lostReplica, tab.CloseStatus, lostAt, DateTimeOffset.UtcNow, _replicas[slot], attempt));
                }

                return;
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or HttpRequestException)
            {
                await Task.Delay(_reconnectPause);
            }
        }

        lock (_lock)
        {
            _reconnects.Add(new TabReconnect(slot, lostReplica, tab.CloseStatus, lostAt, null, null, ReconnectAttempts));
        }
    }

    /// <summary>A tab whose connection ended without the guest closing it, and its replacement (null when none could be opened).</summary>
    public sealed record TabReconnect(
        int Tab,
        LocalTopology.Replica? LostReplica,
        WebSocketCloseStatus? CloseStatus,
        DateTimeOffset LostAt,
        DateTimeOffset? ReconnectedAt,
        LocalTopology.Replica? NewReplica,
        int Attempts);
}
