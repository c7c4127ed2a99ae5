namespace Archiver.Feeds.Model;

/// <summary>What the archive should know about how a book snapshot was built (the <c>flags</c> column).</summary>
[Flags]
public enum BookFlags : byte
{
    None = 0,

    /// <summary>Built from an exchange snapshot message (not from applying deltas).</summary>
    FromSnapshot = 1,

    /// <summary>The first snapshot after a (re)subscribe, reconnect or resync.</summary>
    FirstAfterSync = 2,

    /// <summary>Updates were lost immediately before this snapshot (a sequence break or a disconnect).</summary>
    GapBefore = 4,

    /// <summary>The exchange restarted its sequence (Bybit <c>u = 1</c>).</summary>
    ExchangeRestart = 8,
}
