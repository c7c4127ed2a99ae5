namespace Archiver.Cli.Archiving;

/// <summary>One exchange to archive: which symbols and which kinds (l2book with a depth, trades).</summary>
public sealed class ExchangeArchiveOptions
{
    /// <summary>binance, bybit or hyperliquid.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Symbols as the exchange spells them (BTCUSDT, or BTC on Hyperliquid).</summary>
    public IList<string> Symbols { get; set; } = new List<string>();

    /// <summary>"l2book", "trades" or both.</summary>
    public IList<string> Kinds { get; set; } = new List<string> { "l2book", "trades" };

    /// <summary>Book levels per side archived for l2book.</summary>
    public int Depth { get; set; } = 20;

    /// <summary>Websocket endpoint; empty for the exchange's real endpoint.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Optional raw capture folder for every received frame.</summary>
    public string? CaptureDirectory { get; set; }
}
