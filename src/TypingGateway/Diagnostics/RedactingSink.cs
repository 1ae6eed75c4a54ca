using Microsoft.Extensions.Primitives;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The one place credentials are taken out of the log: every sink of the gateway sits behind this one
/// (<see cref="Hosting.GatewayLogging"/> wraps them all and refuses sinks declared elsewhere), so every
/// category at every level goes through it. It rewrites property values (which the rendered message is made
/// of), the message template's own text (a library may log an interpolated string) and the exception text.
/// The rules follow <c>GuestTickets</c> when the configuration is reloaded.
/// </summary>
internal sealed class RedactingSink : ILogEventSink, IDisposable
{
    private static readonly ScalarValue _redacted = new(LogRedactor.Redacted);
    private readonly ILogEventSink _inner;
    private readonly IDisposable? _reload;
    private volatile LogRedactor _redactor;

    public RedactingSink(ILogEventSink inner, IConfiguration configuration)
    {
        _inner = inner;
        _redactor = LogRedactor.From(configuration);
        _reload = ChangeToken.OnChange(configuration.GetReloadToken, () => _redactor = LogRedactor.From(configuration));
    }

    internal RedactingSink(ILogEventSink inner, LogRedactor redactor)
    {
        _inner = inner;
        _redactor = redactor;
    }

    public void Emit(LogEvent logEvent)
    {
        var redactor = _redactor;
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = redactor.IsSensitiveName(name) ? _redacted : Redact(value, redactor);
            if (!ReferenceEquals(redacted, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        var template = logEvent.MessageTemplate;
        var text = redactor.Redact(template.Text);
        if (!ReferenceEquals(text, template.Text))
        {
            template = new MessageTemplateParser().Parse(text);
        }

        var exception = logEvent.Exception is { } original ? RedactedException.From(original, redactor) : null;
        if (ReferenceEquals(template, logEvent.MessageTemplate) && ReferenceEquals(exception, logEvent.Exception))
        {
            // This sink is the only receiver of the event, so it may be changed in place.
            changed?.ForEach(logEvent.AddOrUpdateProperty);
            _inner.Emit(logEvent);
            return;
        }

        var properties = logEvent.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        changed?.ForEach(p => properties[p.Name] = p.Value);
        _inner.Emit(new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            exception,
            template,
            properties.Select(p => new LogEventProperty(p.Key, p.Value)),
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default));
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>The value with credentials redacted at any depth; the same instance when there was nothing to redact.</summary>
    internal static LogEventPropertyValue Redact(LogEventPropertyValue value, LogRedactor redactor) => value switch
    {
        ScalarValue scalar => Redact(scalar, redactor),
        SequenceValue sequence => RedactElements(sequence, redactor),
        StructureValue structure => RedactMembers(structure, redactor),
        DictionaryValue dictionary => RedactEntries(dictionary, redactor),
        _ => value,
    };

    private static ScalarValue Redact(ScalarValue scalar, LogRedactor redactor)
    {
        switch (scalar.Value)
        {
            case null:
            case bool or char or Enum:
            case IConvertible and not string: // numbers, DateTime
            case DateTimeOffset or TimeSpan or Guid or DateOnly or TimeOnly:
                return scalar;
            case string text:
                var redacted = redactor.Redact(text);
                return ReferenceEquals(redacted, text) ? scalar : new ScalarValue(redacted);
            default:
                // A Uri (YARP's destination, HttpClient's request URI) or any object Serilog kept as is.
                var rendered = scalar.Value.ToString() ?? string.Empty;
                var clean = redactor.Redact(rendered);
                return ReferenceEquals(clean, rendered) ? scalar : new ScalarValue(clean);
        }
    }

    private static StructureValue RedactMembers(StructureValue structure, LogRedactor redactor)
    {
        var members = structure.Properties;
        LogEventProperty[]? copy = null;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var redacted = redactor.IsSensitiveName(member.Name) ? _redacted : Redact(member.Value, redactor);
            if (!ReferenceEquals(redacted, member.Value))
            {
                copy ??= [.. members];
                copy[i] = new LogEventProperty(member.Name, redacted);
            }
        }

        return copy is null ? structure : new StructureValue(copy, structure.TypeTag);
    }

    private static DictionaryValue RedactEntries(DictionaryValue dictionary, LogRedactor redactor)
    {
        var changed = false;
        var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
        foreach (var (key, value) in dictionary.Elements)
        {
            var redactedKey = Redact(key, redactor);
            var redactedValue = key.Value is string name && redactor.IsSensitiveName(name) ? _redacted : Redact(value, redactor);
            changed |= !ReferenceEquals(redactedKey, key) || !ReferenceEquals(redactedValue, value);
            entries.Add(new(redactedKey, redactedValue));
        }

        return changed ? new DictionaryValue(entries) : dictionary;
    }

    private static SequenceValue RedactElements(SequenceValue sequence, LogRedactor redactor)
    {
        var elements = sequence.Elements;
        LogEventPropertyValue[]? copy = null;
        for (var i = 0; i < elements.Count; i++)
        {
            var redacted = Redact(elements[i], redactor);
            if (!ReferenceEquals(redacted, elements[i]))
            {
                copy ??= [.. elements];
                copy[i] = redacted;
            }
        }

        return copy is null ? sequence : new SequenceValue(copy);
    }
}
