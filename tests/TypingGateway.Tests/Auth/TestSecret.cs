using TypingGateway.Auth;

namespace TypingGateway.Tests.Auth;

/// <summary>
/// A secret in an environment variable whose name is unique to this instance, so tests running in
/// parallel never see each other's; the variable is removed on dispose.
/// </summary>
internal sealed class TestSecret : IDisposable
{
    public TestSecret(string? value)
    {
        Name = $"TYPINGGATEWAY_TEST_{Guid.NewGuid():N}";
        Value = value;
        if (value is not null)
        {
            Environment.SetEnvironmentVariable(Name, value);
        }
    }

    public string Name { get; }

    public string? Value { get; }

    public SecretReference Reference => new(Name, null);

    public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
}
