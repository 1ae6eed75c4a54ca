namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>The gateway's answer to a <see cref="RawUpgrade"/>: status, headers and the de-chunked body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
