namespace TypingGateway.Tests.WebSockets;

internal static class StreamTestExtensions
{
    /// <summary>Reads until the end of the stream with reads of at most <paramref name="bufferSize"/> bytes.</summary>
    public static async Task<byte[]> ReadToEndAsync(this Stream stream, int bufferSize)
    {
        var received = new List<byte>();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        return [.. received];
    }
}
