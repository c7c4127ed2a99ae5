namespace Archiver.Feeds.Bybit;

/// <summary>The <c>type</c> of a Bybit data message.</summary>
internal enum BybitMessageType : byte
{
    /// <summary>No <c>type</c> key.</summary>
    None = 0,

    /// <summary><c>snapshot</c>: a whole book (or, for trades, simply a batch).</summary>
    Snapshot = 1,

    /// <summary><c>delta</c>: changes to apply to the local book.</summary>
    Delta = 2,

    /// <summary>A type this handler does not know.</summary>
    Other = 3,
}
