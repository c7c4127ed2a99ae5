using System.Text;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;

namespace Archiver.Store.Ingest;

/// <summary>
/// The bucket names ingested archives go to. The symbol is the uppercase exchange, '_' and the ticker as the exchange
/// spells it (<c>BINANCE_BTCUSDT</c>, <c>HYPERLIQUID_BTC</c>, <c>HYPERLIQUID_kPEPE</c>); a ticker character a bucket
/// key cannot hold (':') becomes '-'. Trades go to <c>SYM/1Sec/TICK</c> and <c>SYM/1Min/OHLCV</c>, books to
/// <c>SYM/1Sec/QUOTE</c>.
/// </summary>
public static class IngestKeys
{
    public const string TickTimeframe = "1Sec";
    public const string TickGroup = "TICK";
    public const string BarTimeframe = "1Min";
    public const string BarGroup = "OHLCV";
    public const string QuoteGroup = "QUOTE";

    /// <summary>The store symbol of an archive series.</summary>
    public static string Symbol(string exchange, string ticker)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        ArgumentException.ThrowIfNullOrEmpty(ticker);
        var sb = new StringBuilder(exchange.Length + 1 + ticker.Length);
        sb.Append(exchange.ToUpperInvariant()).Append('_');
        foreach (var c in ticker) sb.Append(c is '/' or '\\' or ',' or ':' or '*' || char.IsControl(c) ? '-' : c);
        return sb.ToString();
    }

    /// <summary>The store symbol of <paramref name="key"/>'s series.</summary>
    public static string Symbol(ArchiveFileKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Symbol(key.Exchange, key.Ticker);
    }

    /// <summary><c>SYM/1Sec/TICK</c>: one record per trade at its exchange time.</summary>
    public static BucketKey Ticks(string symbol) => new(symbol, TickTimeframe, TickGroup);

    /// <summary><c>SYM/1Min/OHLCV</c>: one-minute bars computed from the ticks.</summary>
    public static BucketKey Bars(string symbol) => new(symbol, BarTimeframe, BarGroup);

    /// <summary><c>SYM/1Sec/QUOTE</c>: best bid and ask of every book snapshot at its exchange time.</summary>
    public static BucketKey Quotes(string symbol) => new(symbol, TickTimeframe, QuoteGroup);
}
