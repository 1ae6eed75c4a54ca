using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>Builds one JSON frame with a <see cref="Utf8JsonWriter"/>, so field order is exactly as written.</summary>
internal static class JsonFrame
{
    // Relaxed escaping keeps '<', '+', quotes-in-HTML and non-ASCII as real servers send them.
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
