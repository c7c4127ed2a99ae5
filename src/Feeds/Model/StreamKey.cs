namespace Archiver.Feeds.Model;

/// <summary>One subscribed stream: an exchange's symbol and what it carries. Symbols are as the exchange spells them
/// in its archive tickers (BTCUSDT for Binance and Bybit, BTC for Hyperliquid).</summary>
public readonly record struct StreamKey(ExchangeId Exchange, string Symbol, StreamKind Kind)
{
    public override string ToString() => $"{Exchange.ToString().ToLowerInvariant()}:{Symbol}:{(Kind == StreamKind.Book ? "l2book" : "trades")}";
}
