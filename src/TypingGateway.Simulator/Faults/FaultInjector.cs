using System.Globalization;

namespace TypingGateway.Simulator.Faults;

/// <summary>Queue of armed faults; each matching request or frame consumes one use of the oldest match.</summary>
internal sealed class FaultInjector(TimeProvider timeProvider)
{
    private static readonly int[] _allowedStatuses = [429, 500, 502, 503];

    private readonly Lock _lock = new();
    private readonly List<ArmedFault> _armed = [];

    public static string? Validate(FaultSpec spec)
    {
        var errors = new List<string>();
        if (spec.Scope is not (FaultSpec.HttpScope or FaultSpec.WsScope or FaultSpec.AnyScope))
        {
            errors.Add("scope must be http, ws or any.");
        }

        if (spec.Count < 1)
        {
            errors.Add("count must be at least 1.");
        }

        if (spec.Status is int status && Array.IndexOf(_allowedStatuses, status) < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"status {status} is not one of 429, 500, 502, 503."));
        }

        if (spec.LatencyMs < 0 || spec.RetryAfterSeconds < 0)
        {
            errors.Add("latencyMs and retryAfterSeconds must not be negative.");
        }

        return errors.Count == 0 ? null : string.Join(' ', errors);
    }

    public void Add(FaultSpec spec)
    {
        lock (_lock)
        {
            _armed.Add(new ArmedFault(spec));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _armed.Clear();
        }
    }

    /// <summary>
    /// Consumes a matching fault and waits its latency. Returns the fault when it replaces normal
    /// processing (drop or status); null when there is none or it was latency only.
    /// </summary>
    public async ValueTask<FaultSpec?> ApplyAsync(string scope, CancellationToken cancellationToken)
    {
        var spec = Take(scope);
        if (spec is null)
        {
            return null;
        }

        if (spec.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(spec.LatencyMs), timeProvider, cancellationToken);
        }

        return spec.Drop || spec.Status is not null ? spec : null;
    }

    private FaultSpec? Take(string scope)
    {
        lock (_lock)
        {
            for (var i = 0; i < _armed.Count; i++)
            {
                var armed = _armed[i];
                if (armed.Spec.Scope != FaultSpec.AnyScope && armed.Spec.Scope != scope)
                {
                    continue;
                }

                if (--armed.Remaining == 0)
                {
                    _armed.RemoveAt(i);
                }

                return armed.Spec;
            }

            return null;
        }
    }

    private sealed class ArmedFault(FaultSpec spec)
    {
        public FaultSpec Spec { get; } = spec;

        public int Remaining { get; set; } = spec.Count;
    }
}
