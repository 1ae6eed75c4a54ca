using System.Diagnostics.Metrics;
using TypingGateway.Configuration;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on one meter created through <see cref="IMeterFactory"/> so that
/// each host (and each test instance) has its own. Features add their instruments here.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "TypingGateway";

    private readonly Counter<long> _configReloads;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _configReloads = meter.CreateCounter<long>(
            "typinggateway.config.reloads",
            unit: "{reload}",
            description: "Configuration reloads, by stage (files, proxy) and result (applied, rejected).");
    }

    public void ConfigReloaded(ConfigReloadStage stage, bool applied) =>
        _configReloads.Add(
            1,
            new KeyValuePair<string, object?>("stage", stage == ConfigReloadStage.Files ? "files" : "proxy"),
            new KeyValuePair<string, object?>("result", applied ? "applied" : "rejected"));
}
