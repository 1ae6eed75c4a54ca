using System.Text;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// Takes a filter's output apart: gateway frames may only sit at the case's boundaries, in the order they
/// were accepted; everything else must be exactly the expected bytes.
/// </summary>
internal static class InjectionWalk
{
    /// <returns>For each gateway frame found, its position in the expected bytes; and which output bytes were gateway frames.</returns>
    public static (List<int> Positions, bool[] Injected) Locate(FuzzCase fuzzCase, byte[] output, IReadOnlyList<string> accepted, bool masked)
    {
        var boundaries = fuzzCase.Boundaries.ToHashSet();
        var injected = new bool[output.Length];
        var positions = new List<int>();
        int i = 0, j = 0;
        while (j < output.Length)
        {
            if (positions.Count < accepted.Count && boundaries.Contains(i) && TryMatch(output.AsSpan(j), accepted[positions.Count], masked, out var length))
            {
                positions.Add(i);
                injected.AsSpan(j, length).Fill(true);
                j += length;
                continue;
            }

            if (i >= fuzzCase.Expected.Length || output[j] != fuzzCase.Expected[i])
            {
                Assert.Fail($"Output differs at output byte {j} / expected byte {i} of {fuzzCase.Expected.Length}; case: {fuzzCase.Description}");
            }

            i++;
            j++;
        }

        Assert.True(i == fuzzCase.Expected.Length, $"Output ended after {i} of {fuzzCase.Expected.Length} expected bytes; case: {fuzzCase.Description}");
        return (positions, injected);
    }

    /// <summary>Expected bytes among the first <paramref name="outputLength"/> output bytes.</summary>
    public static int ExpectedBytesBefore(bool[] injected, int outputLength) =>
        injected.AsSpan(0, outputLength).Count(false);

    private static bool TryMatch(ReadOnlySpan<byte> output, string payload, bool masked, out int length)
    {
        var expectedPayload = Encoding.UTF8.GetBytes(payload);
        var headerLength = 2 + (masked ? 4 : 0);
        length = headerLength + expectedPayload.Length;
        if (output.Length < length || output[0] != 0x81 || output[1] != ((masked ? 0x80 : 0) | expectedPayload.Length))
        {
            return false;
        }

        for (var i = 0; i < expectedPayload.Length; i++)
        {
            var key = masked ? output[2 + (i % 4)] : (byte)0;
            if ((byte)(output[headerLength + i] ^ key) != expectedPayload[i])
            {
                return false;
            }
        }

        return true;
    }
}
