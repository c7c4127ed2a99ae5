namespace Archiver.Feeds.Model;

/// <summary>The exchanges the feeds connect to. The lowercase name is the archive folder name.</summary>
public enum ExchangeId : byte
{
    Binance = 1,
    Bybit = 2,
    Hyperliquid = 3,
}
