using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TypingGateway.Simulator.Control;

namespace TypingGateway.Simulator;

/// <summary>Typed client over the simulator's control API (<c>/_sim/...</c>).</summary>
/// <param name="httpClient">A client whose <see cref="HttpClient.BaseAddress"/> is the simulator's address; not disposed here.</param>
public sealed class SimulatorClient(HttpClient httpClient)
{
    private static readonly JsonSerializerOptions _json = JsonSerializerOptions.Web;

    /// <summary>Recorded items in sequence order, optionally filtered; <paramref name="afterSeq"/> gives only newer items.</summary>
    public async Task<IReadOnlyList<RecordedItem>> GetRecordsAsync(
        string? session = null,
        string? kind = null,
        long? afterSeq = null,
        CancellationToken cancellationToken = default)
    {
        var uri = Build(ControlPaths.Records, (ControlPaths.SessionQuery, session), (ControlPaths.KindQuery, kind),
            (ControlPaths.AfterQuery, afterSeq?.ToString(CultureInfo.InvariantCulture)));
        var items = await httpClient.GetFromJsonAsync<List<RecordedItem>>(uri, _json, cancellationToken);
        return items ?? [];
    }

    /// <summary>Counts of recorded items in total, per kind and per session.</summary>
    public async Task<RecordCounts> GetCountsAsync(string? session = null, string? kind = null, CancellationToken cancellationToken = default)
    {
        var uri = Build(ControlPaths.Counts, (ControlPaths.SessionQuery, session), (ControlPaths.KindQuery, kind));
        var counts = await httpClient.GetFromJsonAsync<RecordCounts>(uri, _json, cancellationToken);
        return counts ?? throw new InvalidOperationException("The simulator returned no counts.");
    }

    /// <summary>Clears records, faults, sessions, rate windows and issued tokens.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => PostAsync(ControlPaths.Reset, null, cancellationToken);

    /// <summary>Arms a fault for the next <see cref="FaultSpec.Count"/> matching requests or frames.</summary>
    public Task AddFaultAsync(FaultSpec spec, CancellationToken cancellationToken = default) =>
        PostAsync(ControlPaths.Faults, JsonContent.Create(spec, options: _json), cancellationToken);

    /// <summary>Disarms every fault.</summary>
    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await httpClient.DeleteAsync(new Uri(ControlPaths.Prefix.TrimStart('/') + "/" + ControlPaths.Faults, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Aborts every open WebSocket; returns how many were dropped.</summary>
    public async Task<int> DropConnectionsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await httpClient.PostAsync(Build(ControlPaths.DropConnections), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<DropConnectionsResponse>(_json, cancellationToken);
        return result?.Dropped ?? 0;
    }

    /// <summary>Sets the lifetime of tokens issued from now on (whole seconds).</summary>
    public Task SetTokenLifetimeAsync(TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        PostAsync(ControlPaths.OAuthSettings, JsonContent.Create(new OAuthSettingsRequest((int)lifetime.TotalSeconds), options: _json), cancellationToken);

    /// <summary>Invalidates every issued token.</summary>
    public Task RevokeTokensAsync(CancellationToken cancellationToken = default) => PostAsync(ControlPaths.OAuthRevoke, null, cancellationToken);

    /// <summary>
    /// Every access token the token endpoint issued since the last reset, oldest first, including
    /// revoked and expired ones (the newest 10,000): what a leak scan of logs and responses looks for.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetIssuedTokensAsync(CancellationToken cancellationToken = default)
    {
        var result = await httpClient.GetFromJsonAsync<IssuedTokensResponse>(Build(ControlPaths.OAuthTokens), _json, cancellationToken);
        return result?.Tokens ?? [];
    }

    /// <summary>
    /// Pushes an agent's text message to every open CXone tab of <paramref name="session"/> (visitorId, else customerId),
    /// on <paramref name="threadId"/> or the thread the guest's frames named last; returns how many tabs got it.
    /// </summary>
    public async Task<int> SendCXoneAgentMessageAsync(string session, string text, string? threadId = null, CancellationToken cancellationToken = default)
    {
        using var response = await httpClient.PostAsync(
            Build(ControlPaths.CXoneAgentMessages),
            JsonContent.Create(new CXoneAgentMessageRequest(session, text, threadId), options: _json),
            cancellationToken);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<CXoneAgentMessageResponse>(_json, cancellationToken);
        return result?.Delivered ?? 0;
    }

    /// <summary>Polls the records until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<RecordedItem>> WaitForRecordsAsync(
        Func<IReadOnlyList<RecordedItem>, bool> condition,
        TimeSpan timeout,
        string? session = null,
        string? kind = null,
        CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var items = await GetRecordsAsync(session, kind, cancellationToken: deadline.Token);
                if (condition(items))
                {
                    return items;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Simulator records did not match within {timeout}.");
        }
    }

    private async Task PostAsync(string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await httpClient.PostAsync(Build(path), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static Uri Build(string path, params (string Name, string? Value)[] query)
    {
        // Relative without a leading slash, so a base address with a path prefix is honoured.
        var builder = new StringBuilder(ControlPaths.Prefix.TrimStart('/')).Append('/').Append(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is not null)
            {
                builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return new Uri(builder.ToString(), UriKind.Relative);
    }
}
