namespace Archiver.Store.Archive;

/// <summary>Which series an archive file belongs to: exchange, ticker, kind and (for l2book) depth.</summary>
public sealed record ArchiveFileKey
{
    public ArchiveFileKey(string exchange, string ticker, ArchiveKind kind, int depth = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        if (exchange.AsSpan().IndexOfAny("/\\.") >= 0 || ticker.AsSpan().IndexOfAny("/\\") >= 0 || ticker.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"'{exchange}/{ticker}' cannot be part of an archive path");
        if (kind == ArchiveKind.L2Book && depth <= 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "An l2book archive needs a depth.");
        Exchange = exchange.ToLowerInvariant();
        Ticker = ticker;
        Kind = kind;
        Depth = kind == ArchiveKind.L2Book ? depth : 0;
    }

    /// <summary>Lowercase exchange name (the folder).</summary>
    public string Exchange { get; }

    /// <summary>The ticker as the exchange spells it (BTCUSDT, BTC, kPEPE).</summary>
    public string Ticker { get; }

    public ArchiveKind Kind { get; }

    /// <summary>Book levels per side for l2book; 0 for trades.</summary>
    public int Depth { get; }

    public override string ToString() => Kind == ArchiveKind.L2Book ? $"{Exchange}/{Ticker}/l2book/depth{Depth}" : $"{Exchange}/{Ticker}/trades";
}
