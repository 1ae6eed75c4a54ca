namespace TypingGateway.Diagnostics;

/// <summary>
/// Stands in, in a log event, for an exception whose text held a credential (Kestrel's bad-request
/// exceptions quote the request target, query included): its message and its full text (type, message,
/// stack, inner exceptions) are the original's with the credentials redacted.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text = string.Empty;

    public RedactedException()
    {
    }

    public RedactedException(string message)
        : base(message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private RedactedException(string message, string text)
        : base(message) => _text = text;

    public override string? StackTrace => null;

    /// <summary><paramref name="exception"/> itself when its text holds nothing to redact, else its redacted stand-in.</summary>
    public static Exception From(Exception exception, LogRedactor redactor)
    {
        var text = exception.ToString();
        var redacted = redactor.Redact(text);
        return ReferenceEquals(text, redacted) ? exception : new RedactedException(redactor.Redact(exception.Message), redacted);
    }

    public override string ToString() => _text.Length > 0 ? _text : base.ToString();
}
