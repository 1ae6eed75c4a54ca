namespace TypingGateway.Typing;

/// <summary>One typing profile as configured. Unset values take the kind's defaults.</summary>
public sealed class TypingProfileOptions
{
    /// <summary>
    /// The platform: <c>GenesysWebMessaging</c>, <c>CxoneChat</c>, <c>GenesysAgentRest</c> or <c>Json</c> (any JSON chat API).
    /// Required for custom profiles; built-in names imply theirs.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>WebSocket or Http. Implied for the platform kinds; required for <c>Json</c>.</summary>
    public TypingTransport? Transport { get; set; }

    /// <summary>
    /// Minimum time between forwarded typing-starts of one guest while typing continues
    /// (Genesys: 5 s). Unset on a profile with a stop: one start per burst.
    /// </summary>
    public TimeSpan? StartInterval { get; set; }

    /// <summary>
    /// For clients that send one start per burst and no stop: a start after this long without any typing begins a new
    /// burst and is forwarded (Genesys guest chat: 2 s, as Genesys' own widget does). Unset: only a stop, a message or
    /// <see cref="StartInterval"/> lets a start through.
    /// </summary>
    public TimeSpan? NewBurstAfter { get; set; }

    /// <summary>How a burst ends upstream.</summary>
    public TypingStopMode? Stop { get; set; }

    /// <summary>
    /// Whether the guest's client repeats starts while typing (level-triggered; the default) or sends one start per
    /// burst and its own stop (edge-triggered; <c>cxone-chat</c>). Sets the default of <see cref="StopAfterIdle"/>.
    /// </summary>
    public TypingClientStyle? ClientStyle { get; set; }

    /// <summary>
    /// Safety net (with <see cref="TypingStopMode.SynthesizeAfterIdle"/>): a stop is synthesized when no typing signal
    /// of any kind came from any tab of the guest for this long. Default 1 s for level-triggered clients, 30 s for
    /// edge-triggered ones (their own stop ends a burst; the gateway must not cut it short).
    /// </summary>
    public TimeSpan? StopAfterIdle { get; set; }

    /// <summary>
    /// HTTP profiles with synthesized stops: how long a stop the gateway sends itself may take,
    /// retries included, before it is dropped as stale. Default 5 s.
    /// </summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Typing previews carrying drafts (CXone): forward (default) or drop.</summary>
    public PreviewMode? Preview { get; set; }

    /// <summary>
    /// Json profiles: JSON pointer (RFC 6901) to the field that says what a frame/request is, e.g. <c>/type</c>
    /// for <c>{"type":"typing"}</c>, <c>/typing</c> for <c>{"typing":true}</c>, or <c>""</c> for the whole document.
    /// Optional for Http profiles whose routes say what each request is (route metadata <c>TypingRequest</c>).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Json profiles: values (JSON literals, e.g. <c>"typing"</c> or <c>true</c>) meaning typing started.</summary>
    public IList<string> StartValues { get; } = [];

    /// <summary>Json profiles: values meaning typing stopped.</summary>
    public IList<string> StopValues { get; } = [];

    /// <summary>Json profiles: values meaning a real message (resets the burst without a stop).</summary>
    public IList<string> MessageValues { get; } = [];

    /// <summary>
    /// Json profiles: where the guest id comes from, one or more of <c>pointer:/path</c>,
    /// <c>route:name</c>, <c>query:name</c>, <c>header:name</c> (combined in order).
    /// </summary>
    public IList<string> Key { get; } = [];
}
