namespace Archiver.Feeds.Simulator;

/// <summary>How an exchange numbers its trades.</summary>
internal enum SimulatedTradeIdKind
{
    /// <summary>Consecutive integers per symbol (Binance <c>t</c>).</summary>
    Consecutive,

    /// <summary>UUID strings (Bybit <c>i</c>).</summary>
    Uuid,

    /// <summary>Random 50-bit integers (Hyperliquid <c>tid</c>).</summary>
    Random50Bit,
}
