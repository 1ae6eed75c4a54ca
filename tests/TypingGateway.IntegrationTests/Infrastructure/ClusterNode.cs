using System.Globalization;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One line of <c>CLUSTER NODES</c>: a node of a Redis Cluster as another node sees it.</summary>
public sealed record ClusterNode(string Id, int Port, IReadOnlySet<string> Flags, string? PrimaryId, bool Connected, IReadOnlyList<(int From, int To)> Slots)
{
    public bool IsPrimary => Flags.Contains("master");

    /// <summary>Flagged <c>fail</c> (agreed by the primaries) or <c>fail?</c> (suspected by the node asked).</summary>
    public bool IsFailing => Flags.Contains("fail") || Flags.Contains("fail?");

    public bool Owns(int slot) => Slots.Any(range => range.From <= slot && slot <= range.To);

    /// <summary>
    /// Reads <c>CLUSTER NODES</c>: <c>&lt;id&gt; &lt;ip:port@cport&gt; &lt;flags&gt; &lt;primary&gt; &lt;ping&gt; &lt;pong&gt;
    /// &lt;epoch&gt; &lt;link&gt; &lt;slot&gt;…</c> (slots in migration, <c>[…]</c>, are left out).
    /// </summary>
    public static IReadOnlyList<ClusterNode> Parse(string clusterNodes) =>
        [.. clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLine)];

    private static ClusterNode ParseLine(string line)
    {
        var fields = line.Split(' ');
        var address = fields[1].Split('@')[0];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var slots = fields.Skip(8).Where(f => !f.StartsWith('[')).Select(f => f.Split('-') switch
        {
            [var one] => (int.Parse(one, CultureInfo.InvariantCulture), int.Parse(one, CultureInfo.InvariantCulture)),
            [var from, var to] => (int.Parse(from, CultureInfo.InvariantCulture), int.Parse(to, CultureInfo.InvariantCulture)),
            _ => throw new FormatException($"slot range {f} in {line}"),
        }).ToList();
        return new ClusterNode(fields[0], port, fields[2].Split(',').ToHashSet(), fields[3] == "-" ? null : fields[3], fields[7] == "connected", slots);
    }
}
