using Xunit.Abstractions;
using Xunit.Sdk;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Runs a class's tests by name, those marked <see cref="RunLastAttribute"/> after all others.</summary>
public sealed class RunLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "TypingGateway.IntegrationTests.Infrastructure.RunLastOrderer";
    public const string AssemblyName = "TypingGateway.IntegrationTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(c => c.TestMethod.Method.GetCustomAttributes(typeof(RunLastAttribute)).Any())
            .ThenBy(c => c.TestMethod.Method.Name, StringComparer.Ordinal);
}
