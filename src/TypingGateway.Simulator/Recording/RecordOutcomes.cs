using System.Globalization;

namespace TypingGateway.Simulator.Recording;

/// <summary>Values of <see cref="RecordedItem.Outcome"/>.</summary>
internal static class RecordOutcomes
{
    public const string Accepted = "accepted";
    public const string FaultDrop = "fault:drop";

    public static string Rejected(int code) => "rejected:" + code.ToString(CultureInfo.InvariantCulture);

    public static string Fault(int status) => "fault:" + status.ToString(CultureInfo.InvariantCulture);
}
