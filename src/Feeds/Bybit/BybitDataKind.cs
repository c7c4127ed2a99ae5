namespace Archiver.Feeds.Bybit;

/// <summary>What the <c>data</c> key of a Bybit message held.</summary>
internal enum BybitDataKind : byte
{
    /// <summary>No <c>data</c> key (control frames).</summary>
    None = 0,

    /// <summary>An object: book levels (<c>s</c>, <c>b</c>, <c>a</c>, <c>u</c>, <c>seq</c>).</summary>
    Book = 1,

    /// <summary>An array: trades.</summary>
    Trades = 2,
}
