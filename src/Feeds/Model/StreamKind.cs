namespace Archiver.Feeds.Model;

/// <summary>What a subscribed stream carries.</summary>
public enum StreamKind : byte
{
    /// <summary>Depth-N book snapshots (l2book).</summary>
    Book = 1,

    /// <summary>Every trade (fill).</summary>
    Trades = 2,
}
