using System.Runtime.InteropServices;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>kill(2) itself, so pausing does not depend on a <c>kill</c> program on PATH.</summary>
internal sealed partial class ProcessRedisServer
{
    private const int LinuxSigStop = 19;
    private const int LinuxSigCont = 18;
    private const int BsdSigStop = 17;
    private const int BsdSigCont = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
