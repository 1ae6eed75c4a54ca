using OpenTelemetry.Exporter;
using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Diagnostics;

public sealed class OtlpTargetTests
{
    [Fact]
    public void Resolve_NoEndpointAnywhere_Null()
    {
        Assert.Null(OtlpTarget.Resolve(new TelemetryOptions(), Configuration()));
    }

    [Fact]
    public void Resolve_OnlyEnvironmentEndpoint_LeavesEndpointToTheSdk()
    {
        var target = OtlpTarget.Resolve(new TelemetryOptions(), Configuration(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));

        Assert.NotNull(target);
        Assert.Null(target.Endpoint);
        Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", target.DisplayEndpoint);
        var exporter = new OtlpExporterOptions { Endpoint = new Uri("http://from-sdk:4317") };
        target.Apply(exporter, "v1/traces");
        Assert.Equal(new Uri("http://from-sdk:4317"), exporter.Endpoint);
    }

    [Fact]
    public void Resolve_OptionAndEnvironment_OptionWins()
    {
        var target = OtlpTarget.Resolve(
            new TelemetryOptions { OtlpEndpoint = "http://gateway-collector:4318", OtlpProtocol = "HTTP/Protobuf" },
            Configuration(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));

        Assert.Equal(new OtlpTarget(new Uri("http://gateway-collector:4318"), OtlpExportProtocol.HttpProtobuf), target);
    }

    [Fact]
    public void Resolve_InvalidOption_Null()
    {
        Assert.Null(OtlpTarget.Resolve(new TelemetryOptions { OtlpEndpoint = "collector:4317" }, Configuration()));
        Assert.Null(OtlpTarget.Resolve(new TelemetryOptions { OtlpEndpoint = "http://collector:4317", OtlpProtocol = "http/json" }, Configuration()));
    }

    [Theory]
    [InlineData("http://collector:4318", "v1/traces", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "v1/metrics", "http://collector:4318/v1/metrics")]
    [InlineData("https://otel.example/ingest/", "v1/traces", "https://otel.example/ingest/v1/traces")]
    public void Apply_HttpProtobuf_AppendsTheSignalPath(string endpoint, string signalPath, string expected)
    {
        var exporter = new OtlpExporterOptions();

        new OtlpTarget(new Uri(endpoint), OtlpExportProtocol.HttpProtobuf).Apply(exporter, signalPath);

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, exporter.Protocol);
        Assert.Equal(new Uri(expected), exporter.Endpoint);
    }

    [Fact]
    public void Apply_Grpc_EndpointAsGiven()
    {
        var exporter = new OtlpExporterOptions { Protocol = OtlpExportProtocol.HttpProtobuf };

        new OtlpTarget(new Uri("http://collector:4317"), OtlpExportProtocol.Grpc).Apply(exporter, "v1/traces");

        Assert.Equal(OtlpExportProtocol.Grpc, exporter.Protocol);
        Assert.Equal(new Uri("http://collector:4317"), exporter.Endpoint);
    }

    [Fact]
    public void DisplayEndpoint_DropsUserInfoAndQuery()
    {
        var target = new OtlpTarget(new Uri("https://user:secret@otel.example:4318/ingest?token=abc"), OtlpExportProtocol.HttpProtobuf);

        Assert.Equal("https://otel.example:4318/ingest", target.DisplayEndpoint);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
