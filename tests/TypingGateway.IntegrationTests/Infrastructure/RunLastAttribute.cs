namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Marks the test of a class that must run after its others (see <see cref="RunLastOrderer"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunLastAttribute : Attribute
{
}
