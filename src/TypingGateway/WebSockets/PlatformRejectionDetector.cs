namespace TypingGateway.WebSockets;

/// <summary>
/// Spots the platform's rate-limit rejection in the upstream → guest stream (Genesys:
/// <c>"TooManyRequestsErrorMessage"</c>): the start of each text message (its first <see cref="ScannedBytes"/> bytes, across
/// frames and reads) is searched for the platform's marker, and a message containing it is reported once. Nothing is
/// copied or changed; only the message's first bytes cost a search.
/// </summary>
/// <remarks>
/// Within one read the search is the runtime's (vectorised); a match cut by the end of a read is carried over and
/// continued byte by byte with the marker's failure function (Knuth–Morris–Pratt), so any marker is found whatever the
/// reads.
/// </remarks>
internal sealed class PlatformRejectionDetector
{
    /// <summary>How far into a message the marker is looked for (the platforms put the error's class near the start).</summary>
    public const int ScannedBytes = 512;

    private readonly byte[] _marker;
    private readonly int[] _failure;
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
        _failure = FailureFunction(_marker);
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
            // Continue the match carried over, byte by byte, until it completes or falls back to nothing: past that
            // point no match can start before the current byte, and the rest of the read is searched as a whole.
            var i = 0;
            while (i < span.Length && _matched > 0)
            {
                if (span[i] == _marker[_matched])
                {
                    i++;
                    if (++_matched == _marker.Length)
                    {
                        Found();
                        return;
                    }
                }
                else
                {
                    _matched = _failure[_matched - 1];
                }
            }

            if (_matched > 0)
            {
                Stop();
                return; // the whole read continued the match
            }

            span = span[i..];
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

    // failure[i]: the length of the longest proper prefix of marker[..(i + 1)] that is also its suffix.
    private static int[] FailureFunction(byte[] marker)
    {
        var failure = new int[marker.Length];
        for (int i = 1, k = 0; i < marker.Length; i++)
        {
            while (k > 0 && marker[i] != marker[k])
            {
                k = failure[k - 1];
            }

            if (marker[i] == marker[k])
            {
                k++;
            }

            failure[i] = k;
        }

        return failure;
    }

    private void Found()
    {
        _done = true;
        _matched = 0;
        _onRejection();
    }
}
