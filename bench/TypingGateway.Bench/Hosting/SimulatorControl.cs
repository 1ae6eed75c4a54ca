using System.Text.Json;

namespace TypingGateway.Bench.Hosting;

/// <summary>The simulator's control API (<c>/_sim/*</c>): what reached the upstream.</summary>
internal sealed class SimulatorControl(HttpClient http, Uri baseAddress)
{
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(baseAddress, "_sim/reset"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Recorded items by kind (e.g. <c>typing</c>, <c>message</c>), as <c>GET /_sim/counts</c> serves them.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsByKindAsync(CancellationToken cancellationToken)
    {
        using var stream = await http.GetStreamAsync(new Uri(baseAddress, "_sim/counts"), cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("byKind", out var kinds))
        {
            foreach (var kind in kinds.EnumerateObject())
            {
                byKind[kind.Name] = kind.Value.GetInt64();
            }
        }

        return byKind;
    }
}
