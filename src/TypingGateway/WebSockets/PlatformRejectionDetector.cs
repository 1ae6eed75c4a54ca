namespace TypingGateway.WebSockets;

/// <summary>
/// Spots the platform's rate-limit rejection in the upstream → guest stream (Genesys:
/// <c>"TooManyRequestsErrorMessage"</c>): the start of each text message (its first <see cref="ScannedBytes"/> bytes, across
/// frames and reads) is searched for the platform's marker, and a message containing it is reported once. Nothing is
/// copied or changed; only the message's first bytes cost a search.
/// </summary>
/// <remarks>
/// The marker must not overlap itself except as a whole (true of a quoted JSON name: its quote opens no proper prefix
/// that a suffix repeats), so a partial match at the end of one read either goes on at the start of the next or fails.
/// </remarks>
internal sealed class PlatformRejectionDetector
{
    /// <summary>How far into a message the marker is looked for (the platforms put the error's class near the start).</summary>
    public const int ScannedBytes = 512;

    private readonly byte[] _marker;
    private readonly Action _onRejection;
    private int _scanned;
    private int _matched;
    private bool _done;

    public PlatformRejectionDetector(ReadOnlyMemory<byte> marker, Action onRejection)
    {
        if (marker.Length < 2)
        {
            throw new ArgumentException("A rejection marker needs at least two bytes.", nameof(marker));
        }

        _marker = marker.ToArray();
        _onRejection = onRejection;
    }

    /// <summary>A text message begins upstream → guest.</summary>
    public void BeginMessage()
    {
        _scanned = 0;
        _matched = 0;
        _done = false;
    }

    /// <summary>Payload bytes of the current text message (unmasked: server frames are never masked), in order.</summary>
    public void Observe(ReadOnlySpan<byte> payload)
    {
        if (_done)
        {
            return;
        }

        var take = Math.Min(payload.Length, ScannedBytes - _scanned);
        var span = payload[..take];
        _scanned += take;
        if (_matched > 0)
        {
            var rest = _marker.AsSpan(_matched);
            var n = Math.Min(rest.Length, span.Length);
            if (span[..n].SequenceEqual(rest[..n]))
            {
                _matched += n;
                if (_matched == _marker.Length)
                {
                    Found();
                }

                Stop();
                return;
            }

            _matched = 0;
        }

        if (span.IndexOf(_marker) >= 0)
        {
            Found();
            return;
        }

        // A read that ends inside the marker: keep how much of it matched.
        for (var k = Math.Min(_marker.Length - 1, span.Length); k > 0; k--)
        {
            if (span[^k] == _marker[0] && span[^k..].SequenceEqual(_marker.AsSpan(0, k)))
            {
                _matched = k;
                break;
            }
        }

        Stop();

        void Stop()
        {
            if (_scanned >= ScannedBytes)
            {
                _done = true; // a marker that would end past the scanned bytes is not looked for
            }
        }
    }

    private void Found()
    {
        _done = true;
        _matched = 0;
        _onRejection();
    }
}
