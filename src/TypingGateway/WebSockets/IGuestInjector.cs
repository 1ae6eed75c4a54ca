namespace TypingGateway.WebSockets;

/// <summary>Sends a gateway-made text frame to the guest, between the upstream's messages.</summary>
internal interface IGuestInjector
{
    /// <returns>False when the frame could not be queued (the connection is stalled or ending).</returns>
    bool TryInjectToGuest(ReadOnlyMemory<byte> utf8Text);
}
