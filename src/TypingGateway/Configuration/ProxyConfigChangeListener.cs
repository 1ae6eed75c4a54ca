using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Configuration;

/// <summary>Feeds YARP's load/apply outcomes into the <see cref="ConfigReloadMonitor"/>.</summary>
internal sealed class ProxyConfigChangeListener(ConfigReloadMonitor monitor) : IConfigChangeListener
{
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception) =>
        monitor.ReportRejected(ConfigReloadStage.Proxy, ConfigErrors.Flatten(exception));

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception) =>
        monitor.ReportRejected(ConfigReloadStage.Proxy, ConfigErrors.Flatten(exception));

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs) => monitor.ReportApplied(ConfigReloadStage.Proxy);
}
