using Microsoft.Extensions.Options;

namespace TypingGateway.Simulator.Recording;

/// <summary>Bounded, thread-safe log of every inbound frame and request.</summary>
internal sealed class Recorder(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<RecordedItem> _items = new();
    private readonly int _maxItems = Math.Max(1, options.Value.Recorder.MaxItems);
    private long _seq;

    public RecordedItem Add(RecordDraft draft)
    {
        lock (_lock)
        {
            // Stamp inside the lock so Seq order and Time order agree.
            var item = new RecordedItem(
                ++_seq,
                timeProvider.GetUtcNow(),
                draft.ConnectionId,
                draft.Session,
                draft.Protocol,
                draft.Kind,
                draft.Outcome,
                draft.MessageType,
                draft.Payload.Length,
                draft.Payload.Sha256,
                draft.Payload.Text,
                draft.Payload.Base64,
                draft.Method,
                draft.Path,
                draft.Headers,
                draft.CloseStatus,
                draft.CloseDescription);
            _items.Enqueue(item);
            while (_items.Count > _maxItems)
            {
                _items.Dequeue();
            }

            return item;
        }
    }

    public IReadOnlyList<RecordedItem> Query(string? session, string? kind, string? protocol, long? afterSeq)
    {
        lock (_lock)
        {
            return _items.Where(i =>
                    (afterSeq is null || i.Seq > afterSeq)
                    && (session is null || i.Session == session)
                    && (kind is null || i.Kind == kind)
                    && (protocol is null || i.Protocol == protocol))
                .ToList();
        }
    }

    public RecordCounts Count(string? session, string? kind)
    {
        var items = Query(session, kind, protocol: null, afterSeq: null);
        var byKind = items.GroupBy(i => i.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var bySession = items.Where(i => i.Session is not null)
            .GroupBy(i => i.Session!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, long>)g.GroupBy(i => i.Kind, StringComparer.Ordinal)
                    .ToDictionary(k => k.Key, k => (long)k.Count(), StringComparer.Ordinal),
                StringComparer.Ordinal);
        return new RecordCounts(items.Count, byKind, bySession);
    }

    /// <summary>Drops every item; sequence numbers keep counting so <c>after</c> cursors stay valid.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }
}
