using Archiver.Cli.Archiving;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Tests.Archiving;

public sealed class ArchiveFileWriterTests : IDisposable
{
    private const long Hour = 1_735_754_400_000_000L; // 2025-01-01T18:00:00Z
    private readonly string _root = Directory.CreateTempSubdirectory("archive-writer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Trade TradeAt(long offsetMicros, long id, TradeFlags flags = TradeFlags.None)
    {
        TradeId.TryCreate(System.Text.Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var tradeId);
        return new Trade
        {
            Exchange = ExchangeId.Binance, Symbol = "BTCUSDT", ExchangeTimeMicros = Hour + offsetMicros - 500, ReceiveTimeMicros = Hour + offsetMicros,
            Price = 97_000 + (id * 0.1), Size = 0.001 * id, Side = id % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, Id = tradeId, Flags = flags,
        };
    }

    /// <summary>Fake journal: each segment path names a list of trades.</summary>
    private static Action<string, IFeedSink> Segments(Dictionary<string, Trade[]> content) => (path, sink) =>
    {
        foreach (var t in content[path]) sink.OnTrade(t);
    };

    private static readonly ArchiveFileKey Trades = new("binance", "BTCUSDT", ArchiveKind.Trades);

    [Fact]
    public void Segments_become_one_file_sorted_by_receive_time_with_its_metadata()
    {
        var content = new Dictionary<string, Trade[]>
        {
            ["a"] = [TradeAt(1_000, 1), TradeAt(3_000, 3, TradeFlags.FirstAfterReconnect)],
            ["b"] = [TradeAt(2_000, 2), TradeAt(4_000, 4, TradeFlags.IdGapBefore)],
        };
        var hour = ArchiveHour.FromMicros(Hour);

        var result = ArchiveFileWriter.Write(_root, Trades, hour, [new("a", "seg-a"), new("b", "seg-b")], Segments(content));

        Assert.NotNull(result);
        Assert.Equal(Path.Combine(_root, "binance", "perp", "trades", "2025", "01", "BTCUSDT_0118.parquet"), result.Path);
        using var reader = ParquetFileReader.Open(result.Path);
        var data = reader.ReadAll();
        Assert.Equal([Hour + 1_000, Hour + 2_000, Hour + 3_000, Hour + 4_000], data.Get<long>("ts").Span.ToArray().AsEnumerable());
        Assert.Equal(["1", "2", "3", "4"], Enumerable.Range(0, 4).Select(i => data.GetBinary("trade_id").GetString(i)!).ToArray());
        Assert.Equal(["sell", "buy", "sell", "buy"], Enumerable.Range(0, 4).Select(i => data.GetBinary("side").GetString(i)!).ToArray());
        Assert.Equal(97_000.3, data.Get<double>("price").Values[2]);
        var kv = reader.KeyValueMetadata;
        Assert.Equal("4", kv["rows"]);
        Assert.Equal("seg-a,seg-b", kv["journal_segments"]);
        Assert.Equal("1", kv["gaps"]);
        Assert.Equal("1", kv["reconnects"]);
        Assert.Equal("2025-01-01T18:00:00.001000Z", kv["first_ts"]);
        Assert.Equal("2025-01-01:18", kv["hour"]);
        Assert.Equal("trades", kv["kind"]);
    }

    [Fact]
    public void A_late_segment_is_merged_into_a_closed_hour_and_a_segment_already_included_is_never_added_twice()
    {
        var content = new Dictionary<string, Trade[]>
        {
            ["a"] = [TradeAt(1_000, 1), TradeAt(2_000, 2)],
            ["late"] = [TradeAt(1_500, 9)],
        };
        var hour = ArchiveHour.FromMicros(Hour);
        ArchiveFileWriter.Write(_root, Trades, hour, [new("a", "seg-a")], Segments(content));

        var merged = ArchiveFileWriter.Write(_root, Trades, hour, [new("a", "seg-a"), new("late", "seg-late")], Segments(content));
        var again = ArchiveFileWriter.Write(_root, Trades, hour, [new("a", "seg-a"), new("late", "seg-late")], Segments(content));

        Assert.NotNull(merged);
        Assert.Equal(1, merged.SegmentsAdded);
        Assert.Null(again);
        using var reader = ParquetFileReader.Open(merged.Path);
        Assert.Equal(["1", "9", "2"], Enumerable.Range(0, 3).Select(i => reader.ReadAll().GetBinary("trade_id").GetString(i)!).ToArray());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(merged.Path)!, "*.tmp"));
    }

    [Fact]
    public void Book_files_keep_partial_levels_and_absent_ids_as_nulls()
    {
        var key = new ArchiveFileKey("hyperliquid", "BTC", ArchiveKind.L2Book, 3);
        var book = new BookSnapshot(ExchangeId.Hyperliquid, "BTC", 3)
        {
            ExchangeTimeMicros = Hour + 10, ReceiveTimeMicros = Hour + 20, BidCount = 2, AskCount = 3, Flags = BookFlags.FromSnapshot | BookFlags.FirstAfterSync,
        };
        book.BidPrices[0] = 97_000; book.BidSizes[0] = 1.5; book.BidPrices[1] = 96_999; book.BidSizes[1] = 2;
        for (var i = 0; i < 3; i++)
        {
            book.AskPrices[i] = 97_001 + i;
            book.AskSizes[i] = 0.5 * (i + 1);
        }

        var result = ArchiveFileWriter.Write(_root, key, ArchiveHour.FromMicros(Hour), [new("x", "seg-x")], (_, sink) => sink.OnBook(book));

        Assert.NotNull(result);
        Assert.EndsWith(Path.Combine("hyperliquid", "perp", "l2book", "2025", "01", "BTC_depth3_0118.parquet"), result.Path);
        using var reader = ParquetFileReader.Open(result.Path);
        var data = reader.ReadAll();
        Assert.Equal(19, data.Columns.Count); // 7 + 4 * 3
        Assert.False(data["update_id"].HasValue(0));
        Assert.False(data["exch_tx_ts"].HasValue(0));
        Assert.Equal(96_999.0, data.Get<double>("bid_px_1").Values[0]);
        Assert.False(data["bid_px_2"].HasValue(0));
        Assert.False(data["bid_sz_2"].HasValue(0));
        Assert.Equal(97_003.0, data.Get<double>("ask_px_2").Values[0]);
        Assert.Equal(3, data.Get<int>("flags").Values[0]);
        Assert.Equal("1", reader.KeyValueMetadata["reconnects"]);
    }

    [Fact]
    public void A_trade_repeated_across_segments_after_a_restart_lands_in_the_file_once()
    {
        var content = new Dictionary<string, Trade[]>
        {
            ["before-crash"] = [TradeAt(1_000, 1), TradeAt(2_000, 2), TradeAt(3_000, 3)],
            ["after-restart"] = [TradeAt(2_000, 2), TradeAt(3_000, 3), TradeAt(9_000, 4)], // the backfill repeats 2 and 3
        };

        var result = ArchiveFileWriter.Write(_root, Trades, ArchiveHour.FromMicros(Hour), [new("before-crash", "s1"), new("after-restart", "s2")], Segments(content));

        using var reader = ParquetFileReader.Open(result!.Path);
        var ids = reader.ReadAll().GetBinary("trade_id");
        Assert.Equal(["1", "2", "3", "4"], Enumerable.Range(0, ids.Count).Select(i => ids.GetString(i)!).ToArray());
    }
}
