using System.Collections;
using System.Diagnostics;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The collection the OpenTelemetry in-memory exporter adds finished spans to, safe to read while the
/// exporter writes. Listeners are process-wide: it also receives spans of other hosts in the test
/// process, so tests select spans by their own trace ids.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>A snapshot of the spans of one trace.</summary>
    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (_lock)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
