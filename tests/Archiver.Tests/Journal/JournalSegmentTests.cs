using System.Buffers.Binary;
using Archiver.Cli.Journal;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Journal;

/// <summary>Writer → reader round trips of single segments, and the format's fixed points.</summary>
public sealed class JournalSegmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("journal-segment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static JournalSegmentHeader Header(StreamKind kind, int depth = 0, string symbol = "BTCUSDT") =>
        new(ExchangeId.Bybit, symbol, kind, depth, JournalTestData.Hour, Guid.NewGuid(), JournalTestData.Hour + 5);

    [Fact]
    public void Crc32c_matches_the_standard_check_values()
    {
        Assert.Equal(0xE3069283u, JournalCrc.Compute("123456789"u8));  // RFC 3720 / iSCSI check value
        Assert.Equal(0x8A9136AAu, JournalCrc.Compute(new byte[32]));      // RFC 3720 B.4: 32 bytes of zeros
        Assert.Equal(0x62A8AB43u, JournalCrc.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, JournalCrc.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0u, JournalCrc.Compute([]));
    }

    [Fact]
    public void Trades_round_trip_exactly_with_every_id_shape_side_and_flag()
    {
        var path = Path.Combine(_dir, "t.jnl");
        var header = Header(StreamKind.Trades);
        var trades = Enumerable.Range(0, 64).Select(i => JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", i)).ToList();
        trades.Add(trades[0] with { Price = double.NaN, Size = double.Epsilon, ExchangeTimeMicros = long.MinValue, ReceiveTimeMicros = long.MaxValue });
        long bytes = 0;
        using (var writer = JournalSegmentWriter.Create(path, header))
        {
            foreach (var t in trades) bytes += writer.Append(t);
            Assert.Equal(trades.Count, writer.Records);
            Assert.Equal(trades.Count, writer.Flush(durable: true));
            Assert.Equal(trades.Count, writer.DurableRecords);
            Assert.False(writer.IsDirty);
            Assert.Equal(writer.Bytes, new FileInfo(path).Length);
        }

        var sink = new CollectingSink();
        var result = JournalSegmentReader.Read(path, sink);
        Assert.Equal(header, result.Header);
        Assert.Equal(header, JournalSegmentReader.ReadHeader(path));
        Assert.False(result.TornTail);
        Assert.Null(result.Description);
        Assert.Equal(trades.Count, result.RecordsRead);
        Assert.Equal(new FileInfo(path).Length, result.ValidBytes);
        Assert.Equal(result.FileLength - JournalFormat.HeaderLength(7), bytes);
        Assert.Equal(trades.Count, sink.Trades.Count);
        for (var i = 0; i < trades.Count; i++)
        {
            var (e, a) = (trades[i], sink.Trades[i]);
            Assert.Equal(ExchangeId.Bybit, a.Exchange);
            Assert.Equal("BTCUSDT", a.Symbol);
            Assert.Equal(e.ExchangeTimeMicros, a.ExchangeTimeMicros);
            Assert.Equal(e.ReceiveTimeMicros, a.ReceiveTimeMicros);
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.Price), BitConverter.DoubleToInt64Bits(a.Price));
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.Size), BitConverter.DoubleToInt64Bits(a.Size));
            Assert.Equal(e.Side, a.Side);
            Assert.Equal(e.Flags, a.Flags);
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.Id.Numeric, a.Id.Numeric);
            Assert.Equal(e.Id.IsEmpty, a.Id.IsEmpty);
        }

        Assert.Equal(Enum.GetValues<TakerSide>().ToHashSet(), sink.Trades.Select(t => t.Side).ToHashSet());
        Assert.Equal(8, sink.Trades.Select(t => t.Flags).Distinct().Count());
        Assert.Contains(sink.Trades, t => t.Id.ToString().Length == 36 && t.Id.Numeric == -1);
    }

    [Fact]
    public void Books_round_trip_exactly_with_partial_levels_and_absent_ids()
    {
        var path = Path.Combine(_dir, "b.jnl");
        var header = Header(StreamKind.Book, depth: 20);
        var book = new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 20);
        var expected = new List<BookCopy>();
        using (var writer = JournalSegmentWriter.Create(path, header))
        {
            for (var i = 0; i < 48; i++)
            {
                JournalTestData.Fill(book, i);
                writer.Append(book);
                expected.Add(BookCopy.Of(book));
            }

            book.Clear();
            book.ReceiveTimeMicros = JournalTestData.Hour;
            writer.Append(book); // an empty book: no levels, no ids
            expected.Add(BookCopy.Of(book));
            writer.Flush(durable: false);
        }

        var sink = new CollectingSink();
        var result = JournalSegmentReader.Read(path, sink);
        Assert.False(result.TornTail);
        Assert.Equal(expected.Count, result.RecordsRead);
        Assert.Equal(expected, sink.Books);
        Assert.Contains(sink.Books, b => b.UpdateId is null && b.PreviousUpdateId is null && b.Sequence is null && b.TransactionTime is null);
        Assert.Contains(sink.Books, b => b.UpdateId is not null && b.PreviousUpdateId is not null && b.Sequence is not null && b.TransactionTime is not null);
        Assert.Equal(16, sink.Books.Select(b => b.Flags).Distinct().Count());
    }

    [Fact]
    public void A_deeper_book_keeps_only_the_segments_depth()
    {
        var path = Path.Combine(_dir, "deep.jnl");
        var book = JournalTestData.Fill(new BookSnapshot(ExchangeId.Binance, "ETHUSDT", 50), 3);
        using (var writer = JournalSegmentWriter.Create(path, Header(StreamKind.Book, depth: 20, symbol: "ETHUSDT") with { Exchange = ExchangeId.Binance }))
        {
            writer.Append(book);
        }

        var sink = new CollectingSink();
        JournalSegmentReader.Read(path, sink);
        Assert.Equal(BookCopy.Of(book, depth: 20), Assert.Single(sink.Books));
    }

    [Fact]
    public void The_header_is_on_disk_as_documented()
    {
        var path = Path.Combine(_dir, "h.jnl");
        var header = Header(StreamKind.Book, depth: 20);
        using (JournalSegmentWriter.Create(path, header))
        {
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(48 + 7, bytes.Length);
        Assert.Equal("AJNL"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((byte)ExchangeId.Bybit, bytes[6]);
        Assert.Equal((byte)StreamKind.Book, bytes[7]);
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10)));
        Assert.Equal(header.HourStartMicros, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(header.SegmentId, new Guid(bytes.AsSpan(20, 16)));
        Assert.Equal(header.CreatedAtMicros, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(36)));
        Assert.Equal("BTCUSDT"u8.ToArray(), bytes[44..51]);
        Assert.Equal(JournalCrc.Compute(bytes.AsSpan(0, 51)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(51)));

        var result = JournalSegmentReader.Read(path, new CollectingSink());
        Assert.Equal(0, result.RecordsRead);
        Assert.False(result.TornTail);
    }

    [Fact]
    public void A_record_is_framed_by_its_length_and_crc()
    {
        var path = Path.Combine(_dir, "r.jnl");
        var trade = JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 0); // numeric id 5000000000: 10 bytes
        using (var writer = JournalSegmentWriter.Create(path, Header(StreamKind.Trades)))
        {
            Assert.Equal(8 + 35 + 10, writer.Append(trade));
        }

        var record = File.ReadAllBytes(path).AsSpan(55);
        Assert.Equal(45u, BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(JournalCrc.Compute(record[8..]), BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
        Assert.Equal(trade.ExchangeTimeMicros, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
        Assert.Equal(trade.ReceiveTimeMicros, BinaryPrimitives.ReadInt64LittleEndian(record[16..]));
        Assert.Equal(trade.Price, BinaryPrimitives.ReadDoubleLittleEndian(record[24..]));
        Assert.Equal(10, record[8 + 34]);
        Assert.Equal("5000000000"u8.ToArray(), record[(8 + 35)..].ToArray());
    }

    [Fact]
    public void A_segment_is_never_overwritten_and_kinds_are_not_mixed()
    {
        var path = Path.Combine(_dir, "x.jnl");
        using (var writer = JournalSegmentWriter.Create(path, Header(StreamKind.Trades)))
        {
            Assert.Throws<InvalidOperationException>(() => writer.Append(new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 5)));
        }

        Assert.Throws<IOException>(() => JournalSegmentWriter.Create(path, Header(StreamKind.Trades)));
        Assert.Throws<ArgumentException>(() => JournalSegmentWriter.Create(Path.Combine(_dir, "y.jnl"), Header(StreamKind.Book, depth: 0)));
        Assert.Throws<ArgumentException>(() => JournalSegmentWriter.Create(Path.Combine(_dir, "z.jnl"), Header(StreamKind.Trades, symbol: "../etc")));
        var closed = JournalSegmentWriter.Create(Path.Combine(_dir, "c.jnl"), Header(StreamKind.Trades));
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => closed.Append(JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 0)));
        Assert.Throws<ObjectDisposedException>(() => closed.Flush(durable: true));
    }

    [Fact]
    public void A_buffer_past_the_spill_size_reaches_the_file_before_any_flush()
    {
        var path = Path.Combine(_dir, "spill.jnl");
        using var writer = JournalSegmentWriter.Create(path, Header(StreamKind.Trades));
        var trade = JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 0);
        long bytes = 0;
        while (bytes < JournalSegmentWriter.SpillBytes) bytes += writer.Append(trade);
        Assert.Equal(writer.Bytes, new FileInfo(path).Length);
        Assert.Equal(0, writer.DurableRecords);
        Assert.True(writer.IsDirty);
        Assert.Equal(writer.Records, JournalSegmentReader.Read(path, new CollectingSink()).RecordsRead);
    }
}
