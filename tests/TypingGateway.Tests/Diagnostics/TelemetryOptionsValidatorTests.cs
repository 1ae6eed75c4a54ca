using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Diagnostics;

public sealed class TelemetryOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
    }

    [Theory]
    [InlineData("http://otel-collector:4317", "grpc")]
    [InlineData("https://otel.example/ingest", "http/protobuf")]
    public void Validate_ValidEndpointAndProtocol_Succeeds(string endpoint, string protocol)
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = endpoint, OtlpProtocol = protocol }).Succeeded);
    }

    [Fact]
    public void Validate_EveryValueInvalid_AllErrorsReported()
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = "ftp://collector", OtlpProtocol = "http/json" });

        Assert.Equal(
            [
                "Telemetry:OtlpEndpoint must be an absolute http or https URL, e.g. http://otel-collector:4317.",
                "Telemetry:OtlpProtocol must be grpc or http/protobuf.",
            ],
            result.Failures);
    }
}
