namespace Archiver.Feeds.Binance;

/// <summary>Which fields a parsed frame contained.</summary>
[Flags]
internal enum BinanceFields
{
    None = 0,
    EventTime = 1 << 0,
    TransactionTime = 1 << 1,
    Symbol = 1 << 2,
    FirstUpdateId = 1 << 3,
    UpdateId = 1 << 4,
    PreviousUpdateId = 1 << 5,
    Bids = 1 << 6,
    Asks = 1 << 7,
    TradeId = 1 << 8,
    Price = 1 << 9,
    Size = 1 << 10,
    BuyerIsMaker = 1 << 11,
    RequestId = 1 << 12,
    Result = 1 << 13,
    Error = 1 << 14,
    DepthEvent = 1 << 15,
    TradeEvent = 1 << 16,
    OtherEvent = 1 << 17,
    ResultIsNull = 1 << 18,

    DepthRequired = EventTime | Symbol | UpdateId | PreviousUpdateId | Bids | Asks,
    TradeRequired = EventTime | TransactionTime | Symbol | TradeId | Price | Size | BuyerIsMaker,
}
