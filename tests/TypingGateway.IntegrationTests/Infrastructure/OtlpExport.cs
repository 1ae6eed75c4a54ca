namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One OTLP/HTTP export request as <see cref="OtlpReceiver"/> got it.</summary>
public sealed record OtlpExport(string Signal, string? ContentType, byte[] Body);
