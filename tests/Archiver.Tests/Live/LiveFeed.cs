using System.Runtime.InteropServices;
using Archiver.Feeds.Model;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;

namespace Archiver.Tests.Live;

/// <summary>Trades and books as the feeds deliver them, and what the store holds, for the live writer's tests.</summary>
internal static class LiveFeed
{
    /// <summary>2025-01-01 18:00:00 UTC in µs.</summary>
    public const long Hour = 1_735_754_400_000_000L;

    public const long Minute = 60_000_000L;

    public static Trade Trade(long exchangeMicros, double price, double size, long id, TakerSide side = TakerSide.Buy,
        ExchangeId exchange = ExchangeId.Binance, string symbol = "BTCUSDT", long? receiveMicros = null) => new()
    {
        Exchange = exchange,
        Symbol = symbol,
        ExchangeTimeMicros = exchangeMicros,
        ReceiveTimeMicros = receiveMicros ?? exchangeMicros + 700,
        Price = price,
        Size = size,
        Side = side,
        Id = TradeId.FromNumber(id),
    };

    public static BookSnapshot Book(long exchangeMicros, double bid, double bidSize, double ask, double askSize, string symbol = "BTC")
    {
        var book = new BookSnapshot(ExchangeId.Hyperliquid, symbol, 5)
        {
            ExchangeTimeMicros = exchangeMicros, ReceiveTimeMicros = exchangeMicros + 300, BidCount = double.IsNaN(bid) ? 0 : 1, AskCount = double.IsNaN(ask) ? 0 : 1,
        };
        book.BidPrices[0] = bid;
        book.BidSizes[0] = bidSize;
        book.AskPrices[0] = ask;
        book.AskSizes[0] = askSize;
        return book;
    }

    /// <summary>Every row of a bucket.</summary>
    public static ColumnSeries ReadAll(IBucketStore store, BucketKey key) => store.Read(key, ReadRequest.All);

    public static T[] Values<T>(ColumnSeries series, string column) where T : unmanaged =>
        (series.Find(column) ?? throw new InvalidOperationException($"no column {column}")).Values<T>().ToArray();

    /// <summary>Times in Unix µs of a variable bucket's rows.</summary>
    public static long[] Micros(ColumnSeries series)
    {
        var epoch = series.Epochs;
        var nanos = Values<int>(series, ColumnSeries.NanosecondsColumn);
        var result = new long[series.RowCount];
        for (var i = 0; i < result.Length; i++) result[i] = (epoch[i] * 1_000_000) + (nanos[i] / 1000);
        return result;
    }

    /// <summary>The bars <see cref="MinuteBarBuilder"/> computes from the stored ticks, as (epoch, o, h, l, c, v) rows.</summary>
    public static (long Epoch, double Open, double High, double Low, double Close, double Volume)[] BarsFromTicks(ColumnSeries ticks)
    {
        var n = ticks.RowCount;
        var times = Micros(ticks);
        var epoch = new long[n];
        var v = new double[5][];
        for (var c = 0; c < 5; c++) v[c] = new double[n];
        var count = MinuteBarBuilder.Build(times, default, MinuteBarBuilder.MicrosPerMinute, Values<double>(ticks, IngestSchemas.Price),
            Values<double>(ticks, IngestSchemas.Size), epoch, v[0], v[1], v[2], v[3], v[4]);
        return Enumerable.Range(0, count).Select(i => (epoch[i], v[0][i], v[1][i], v[2][i], v[3][i], v[4][i])).ToArray();
    }

    /// <summary>A bar bucket's rows as (epoch, o, h, l, c, v).</summary>
    public static (long Epoch, double Open, double High, double Low, double Close, double Volume)[] Bars(ColumnSeries bars)
    {
        var epoch = bars.Epochs.ToArray();
        var v = IngestSchemas.Bars.Select(b => Values<double>(bars, b.Name)).ToArray();
        return Enumerable.Range(0, bars.RowCount).Select(i => (epoch[i], v[0][i], v[1][i], v[2][i], v[3][i], v[4][i])).ToArray();
    }

    /// <summary>Each column's name, type and bytes, to compare two buckets exactly.</summary>
    public static string[] Fingerprint(ColumnSeries series) =>
        series.Columns.Select(c => $"{c.Name}:{c.Type}:{Convert.ToHexString(MemoryMarshal.AsBytes(c.Data.Span))}").ToArray();
}
