namespace Archiver.Store.Archive;

/// <summary>Which series an archive file belongs to: exchange, ticker, kind and (for l2book) depth.</summary>
public sealed record ArchiveFileKey
{
    public ArchiveFileKey(string exchange, string ticker, ArchiveKind kind, int depth = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        // Exactly the names ArchivePaths.TryParse reads back, so every key's path parses to the same key.
        if (!IsValidExchange(exchange) || !IsValidTicker(ticker))
            throw new ArgumentException($"'{exchange}/{ticker}' cannot be part of an archive path (exchange: letters, digits, '_', '-'; ticker: also ':', '@', '#', '.')");
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown archive kind.");
        if (kind == ArchiveKind.L2Book && depth is <= 0 or > MaxDepth)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"An l2book archive needs a depth of 1 to {MaxDepth}.");
        Exchange = exchange.ToLowerInvariant();
        Ticker = ticker;
        Kind = kind;
        Depth = kind == ArchiveKind.L2Book ? depth : 0;
    }

    /// <summary>The deepest book an archive file name can carry (four digits).</summary>
    public const int MaxDepth = 9999;

    /// <summary>Lowercase exchange name (the folder).</summary>
    public string Exchange { get; }

    /// <summary>The ticker as the exchange spells it (BTCUSDT, BTC, kPEPE).</summary>
    public string Ticker { get; }

    public ArchiveKind Kind { get; }

    /// <summary>Book levels per side for l2book; 0 for trades.</summary>
    public int Depth { get; }

    /// <summary>Whether <paramref name="exchange"/> can name an archive folder: letters, digits, '_' and '-'.</summary>
    public static bool IsValidExchange(string? exchange) =>
        !string.IsNullOrEmpty(exchange) && exchange.AsSpan().IndexOfAnyExcept(ExchangeChars) < 0;

    /// <summary>
    /// Whether <paramref name="ticker"/> can start an archive file name: letters, digits and <c>_ - : @ # .</c>, not
    /// starting with '.', without "..".
    /// </summary>
    public static bool IsValidTicker(string? ticker) =>
        !string.IsNullOrEmpty(ticker) && ticker.AsSpan().IndexOfAnyExcept(TickerChars) < 0 && ticker[0] != '.' &&
        !ticker.Contains("..", StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<char> ExchangeChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static readonly System.Buffers.SearchValues<char> TickerChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:@#.");

    public override string ToString() => Kind == ArchiveKind.L2Book ? $"{Exchange}/{Ticker}/l2book/depth{Depth}" : $"{Exchange}/{Ticker}/trades";
}
