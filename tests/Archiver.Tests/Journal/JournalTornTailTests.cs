using Archiver.Cli.Journal;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Journal;

/// <summary>
/// Crash safety: a segment cut anywhere (as a crash leaves it) or damaged anywhere keeps every record before the damage,
/// reports where it stopped and never throws, unless the header itself is gone.
/// </summary>
public sealed class JournalTornTailTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("journal-torn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a segment; returns its bytes and the offset where each record starts (plus the end).</summary>
    private (byte[] Bytes, List<long> Starts) Segment(StreamKind kind, int records)
    {
        var path = Path.Combine(_dir, $"{kind}-{records}.jnl");
        var starts = new List<long>();
        var book = new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 20);
        using (var writer = JournalSegmentWriter.Create(path, JournalSegmentTests.Header(kind, kind == StreamKind.Book ? 20 : 0)))
        {
            starts.Add(writer.Bytes);
            for (var i = 0; i < records; i++)
            {
                if (kind == StreamKind.Book) writer.Append(JournalTestData.Fill(book, i + 1));
                else writer.Append(JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", i));
                starts.Add(writer.Bytes);
            }
        }

        return (File.ReadAllBytes(path), starts);
    }

    private JournalReadResult ReadBytes(byte[] bytes, out CollectingSink sink, string name = "cut.jnl")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        sink = new CollectingSink();
        return JournalSegmentReader.Read(path, sink);
    }

    [Theory]
    [InlineData(StreamKind.Trades)]
    [InlineData(StreamKind.Book)]
    public void A_last_record_cut_at_every_byte_keeps_every_earlier_record(StreamKind kind)
    {
        var (bytes, starts) = Segment(kind, 4);
        ReadBytes(bytes, out var full);
        var lastStart = starts[^2];
        for (var cut = lastStart; cut <= bytes.Length; cut++)
        {
            var result = ReadBytes(bytes[..(int)cut], out var sink);
            var complete = cut == bytes.Length;
            Assert.Equal(complete ? 4 : 3, result.RecordsRead);
            Assert.Equal(complete ? bytes.Length : lastStart, result.ValidBytes);
            Assert.Equal(cut, result.FileLength);
            Assert.Equal(!complete && cut > lastStart, result.TornTail);
            if (result.TornTail) Assert.StartsWith($"torn record at offset {lastStart}", result.Description);
            if (kind == StreamKind.Book) Assert.Equal(full.Books.Take((int)result.RecordsRead), sink.Books);
            else Assert.Equal(full.Trades.Take((int)result.RecordsRead), sink.Trades);
        }
    }

    [Fact]
    public void A_segment_cut_anywhere_after_its_header_keeps_the_whole_records_before_the_cut()
    {
        var (bytes, starts) = Segment(StreamKind.Trades, 6);
        for (var cut = (int)starts[0]; cut <= bytes.Length; cut++)
        {
            var result = ReadBytes(bytes[..cut], out _);
            var whole = starts.Count(s => s <= cut) - 1;
            Assert.Equal(whole, result.RecordsRead);
            Assert.Equal(starts[whole], result.ValidBytes);
            Assert.Equal(!starts.Contains(cut), result.TornTail);
        }
    }

    [Fact]
    public void A_flipped_byte_in_a_record_stops_the_replay_at_that_record()
    {
        var (bytes, starts) = Segment(StreamKind.Book, 5);
        var damaged = (byte[])bytes.Clone();
        var middle = (int)((starts[2] + starts[3]) / 2);
        damaged[middle] ^= 0x40;
        var result = ReadBytes(damaged, out var sink);
        Assert.Equal(2, result.RecordsRead);
        Assert.Equal(starts[2], result.ValidBytes);
        Assert.True(result.TornTail);
        Assert.StartsWith($"corrupt record at offset {starts[2]}: ", result.Description);
        Assert.Contains("CRC32C", result.Description);
        Assert.Equal(2, sink.Books.Count);
    }

    [Fact]
    public void Every_single_byte_corruption_after_the_header_is_caught_without_throwing()
    {
        var (bytes, starts) = Segment(StreamKind.Trades, 4);
        for (var at = (int)starts[0]; at < bytes.Length; at++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var damaged = (byte[])bytes.Clone();
                damaged[at] ^= mask;
                var record = starts.Count(s => s <= at) - 1;
                var result = ReadBytes(damaged, out var sink);
                Assert.True(result.TornTail, $"byte {at} ^ {mask:x2} went unnoticed");
                Assert.Equal(record, result.RecordsRead);
                Assert.Equal(starts[record], result.ValidBytes);
                Assert.Equal(record, sink.Trades.Count);
            }
        }
    }

    [Fact]
    public void A_zero_filled_tail_is_a_corrupt_record_not_an_empty_one()
    {
        var (bytes, starts) = Segment(StreamKind.Trades, 3);
        var result = ReadBytes([.. bytes, .. new byte[4096]], out _);
        Assert.Equal(3, result.RecordsRead);
        Assert.Equal(starts[^1], result.ValidBytes);
        Assert.True(result.TornTail);
        Assert.Contains("payload length 0", result.Description);
    }

    [Fact]
    public void Header_damage_is_a_journal_format_exception_naming_the_file_and_offset()
    {
        var (bytes, starts) = Segment(StreamKind.Trades, 2);
        var path = Path.Combine(_dir, "bad-header.jnl");
        for (var at = 0; at < starts[0]; at++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var e = Assert.Throws<JournalFormatException>(() => JournalSegmentReader.Read(path, new CollectingSink()));
            Assert.Equal(path, e.FilePath);
            Assert.StartsWith($"{path}, offset {e.Offset}: ", e.Message);
            Assert.Throws<JournalFormatException>(() => JournalSegmentReader.ReadHeader(path));
        }

        for (var cut = 0; cut < starts[0]; cut++)
        {
            File.WriteAllBytes(path, bytes[..cut]);
            var e = Assert.Throws<JournalFormatException>(() => JournalSegmentReader.Read(path, new CollectingSink()));
            Assert.Contains("torn at creation", e.Message);
            Assert.Contains(path, e.Message);
        }

        File.WriteAllBytes(path, [.. "PAR1"u8, .. bytes[4..]]);
        Assert.Contains("not a journal segment", Assert.Throws<JournalFormatException>(() => JournalSegmentReader.ReadHeader(path)).Message);
    }

    [Fact]
    public void Reading_allocates_nothing_per_record()
    {
        var small = Segment(StreamKind.Book, 1).Bytes;
        var large = Segment(StreamKind.Book, 2000).Bytes;
        var smallPath = Path.Combine(_dir, "small.jnl");
        var largePath = Path.Combine(_dir, "large.jnl");
        File.WriteAllBytes(smallPath, small);
        File.WriteAllBytes(largePath, large);
        var sink = new CountingSink();
        JournalSegmentReader.Read(largePath, sink); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        JournalSegmentReader.Read(smallPath, sink);
        var perFile = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var result = JournalSegmentReader.Read(largePath, sink);
        var perLargeFile = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, result.RecordsRead);
        Assert.True(perLargeFile - perFile < 2000, $"1 record: {perFile} B, 2000 records: {perLargeFile} B");
    }

    private sealed class CountingSink : Archiver.Feeds.IFeedSink
    {
        public long Count { get; private set; }

        public void OnTrade(in Trade trade) => Count++;

        public void OnBook(BookSnapshot book) => Count++;

        public void OnEvent(FeedEvent feedEvent) => Count++;
    }
}
