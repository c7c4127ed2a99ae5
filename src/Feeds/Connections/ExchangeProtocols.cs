using Archiver.Feeds.Binance;
using Archiver.Feeds.Bybit;
using Archiver.Feeds.Hyperliquid;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>The protocol of each supported exchange. Adding an exchange starts here.</summary>
public static class ExchangeProtocols
{
    /// <summary>A new protocol instance for <paramref name="exchange"/> (instances keep per-connection request ids).</summary>
    public static IExchangeProtocol For(ExchangeId exchange) => exchange switch
    {
        ExchangeId.Binance => new BinanceProtocol(),
        ExchangeId.Bybit => new BybitProtocol(),
        ExchangeId.Hyperliquid => new HyperliquidProtocol(),
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "Unknown exchange."),
    };

    /// <summary>Parses an exchange name as used in configuration and archive folders (binance, bybit, hyperliquid).</summary>
    public static bool TryParse(string? name, out ExchangeId exchange)
    {
        exchange = default;
        return name is not null && Enum.TryParse(name, ignoreCase: true, out exchange) && Enum.IsDefined(exchange);
    }
}
