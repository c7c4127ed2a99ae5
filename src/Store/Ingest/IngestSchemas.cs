using Archiver.Store.Buckets;

namespace Archiver.Store.Ingest;

/// <summary>
/// The element columns of the buckets ingest writes (Epoch, and Nanoseconds for the variable buckets, are implicit).
/// Tick and quote records are stamped with the exchange time; <c>ReceiveMicros</c> keeps the local receive time
/// (µs since the Unix epoch), which also says which hourly archive file a record came from.
/// </summary>
public static class IngestSchemas
{
    public const string Price = "Price";
    public const string Size = "Size";
    public const string Side = "Side";
    public const string ReceiveMicros = "ReceiveMicros";
    public const string Open = "Open";
    public const string High = "High";
    public const string Low = "Low";
    public const string Close = "Close";
    public const string Volume = "Volume";
    public const string BidPrice = "BidPrice";
    public const string BidSize = "BidSize";
    public const string AskPrice = "AskPrice";
    public const string AskSize = "AskSize";

    /// <summary>Side values: the taker bought.</summary>
    public const sbyte Buy = 1;

    /// <summary>Side values: the taker sold.</summary>
    public const sbyte Sell = -1;

    /// <summary>Side values: the archive did not say.</summary>
    public const sbyte Unknown = 0;

    /// <summary>Elements of <c>SYM/1Sec/TICK</c> (variable): Price f8, Size f8, Side i1 (+1 buy, -1 sell, 0 unknown), ReceiveMicros i8.</summary>
    public static IReadOnlyList<ColumnSpec> Ticks { get; } =
    [
        new(Price, ColumnType.F8), new(Size, ColumnType.F8), new(Side, ColumnType.I1), new(ReceiveMicros, ColumnType.I8),
    ];

    /// <summary>Elements of <c>SYM/1Min/OHLCV</c> (fixed): Open, High, Low, Close, Volume, all f8.</summary>
    public static IReadOnlyList<ColumnSpec> Bars { get; } =
    [
        new(Open, ColumnType.F8), new(High, ColumnType.F8), new(Low, ColumnType.F8), new(Close, ColumnType.F8), new(Volume, ColumnType.F8),
    ];

    /// <summary>Elements of <c>SYM/1Sec/QUOTE</c> (variable): best bid and ask price and size (NaN for an empty side), ReceiveMicros i8.</summary>
    public static IReadOnlyList<ColumnSpec> Quotes { get; } =
    [
        new(BidPrice, ColumnType.F8), new(BidSize, ColumnType.F8), new(AskPrice, ColumnType.F8), new(AskSize, ColumnType.F8),
        new(ReceiveMicros, ColumnType.I8),
    ];
}
