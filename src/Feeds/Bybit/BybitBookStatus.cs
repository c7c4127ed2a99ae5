namespace Archiver.Feeds.Bybit;

/// <summary>Where a Bybit book stream stands; deltas are applied only when <see cref="Synced"/>.</summary>
internal enum BybitBookStatus : byte
{
    /// <summary>Subscribed or (re)connected: the exchange sends a snapshot first; deltas until then are ignored.</summary>
    AwaitingSnapshot = 0,

    /// <summary>A snapshot was applied and every delta since continued the <c>u</c> chain.</summary>
    Synced = 1,

    /// <summary>A gap or a crossed book: a resubscribe was requested and nothing is emitted until its snapshot.</summary>
    Invalid = 2,
}
