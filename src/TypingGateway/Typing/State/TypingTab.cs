namespace TypingGateway.Typing.State;

/// <summary>
/// The guest connection (browser tab) a typing signal came from, so a burst can be the OR of several tabs
/// (design.md §3): the guest is typing while any of its tabs is. <see cref="None"/> for signals that are not
/// tracked per tab (HTTP requests, profiles without a stop).
/// </summary>
/// <param name="Id">Unique per connection across all instances; null: not tracked.</param>
internal readonly record struct TypingTab(string? Id)
{
    public static TypingTab None => default;

    public bool IsTracked => Id is not null;

    /// <summary>A new connection's identity: random, so tabs on different instances never collide.</summary>
    public static TypingTab NewConnection() => new(Guid.NewGuid().ToString("N"));
}
