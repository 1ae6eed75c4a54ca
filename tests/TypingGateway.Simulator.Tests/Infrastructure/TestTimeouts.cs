namespace TypingGateway.Simulator.Tests.Infrastructure;

/// <summary>Upper bounds for every wait in the tests; generous, since they only bound failures.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Receive = TimeSpan.FromSeconds(10);
}
