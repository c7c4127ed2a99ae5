using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Microsoft.Win32.SafeHandles;

namespace Archiver.Cli.Journal;

/// <summary>
/// Reads journal segments back (see <c>README.md</c>): replays every valid record, in order, to an
/// <see cref="IFeedSink"/>, allocating nothing per record. Every record's length and CRC32C is checked; the first torn
/// or corrupt record ends the replay (it is reported in the result, never thrown), because everything after a crash
/// point is unreliable. Only a missing or corrupt header is an error (<see cref="JournalFormatException"/>).
/// </summary>
public static class JournalSegmentReader
{
    private const int MinBufferBytes = 256 * 1024;

    /// <summary>Reads the header of the segment at <paramref name="path"/>.</summary>
    /// <exception cref="JournalFormatException">The header is missing, torn or corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static JournalSegmentHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = OpenRead(path);
        var length = RandomAccess.GetLength(file);
        Span<byte> start = stackalloc byte[JournalFormat.HeaderLength(JournalFormat.MaxSymbolBytes)];
        var read = ReadAt(file, start, 0);
        return JournalFormat.ReadHeader(path, start[..read], length, out _);
    }

    /// <summary>
    /// Replays the records of the segment at <paramref name="path"/> to <paramref name="sink"/>: trades through
    /// <see cref="IFeedSink.OnTrade"/>, books through <see cref="IFeedSink.OnBook"/> in one reused
    /// <see cref="BookSnapshot"/> of the header's depth. Stops at the first torn or corrupt record.
    /// </summary>
    /// <exception cref="JournalFormatException">The header is missing, torn or corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static JournalReadResult Read(string path, IFeedSink sink)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(sink);
        using var file = OpenRead(path);
        var fileLength = RandomAccess.GetLength(file);
        Span<byte> start = stackalloc byte[JournalFormat.HeaderLength(JournalFormat.MaxSymbolBytes)];
        var header = JournalFormat.ReadHeader(path, start[..ReadAt(file, start, 0)], fileLength, out var headerLength);

        var maxPayload = JournalFormat.MaxPayloadLength(header.Kind, header.Depth);
        var minPayload = JournalFormat.MinPayloadLength(header.Kind);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(MinBufferBytes, 2 * (JournalFormat.RecordHeaderBytes + maxPayload)));
        try
        {
            var book = header.Kind == StreamKind.Book ? new BookSnapshot(header.Exchange, header.Symbol, header.Depth) : null;
            var trade = new Trade { Exchange = header.Exchange, Symbol = header.Symbol };
            long offset = headerLength; // the next record
            long bufferStart = offset;  // the file offset of buffer[0]
            var bufferLength = 0;
            long records = 0;
            string? problem = null;
            while (offset < fileLength)
            {
                var remaining = fileLength - offset;
                if (remaining < JournalFormat.RecordHeaderBytes)
                {
                    problem = $"torn record at offset {offset}: only {remaining} of the {JournalFormat.RecordHeaderBytes} bytes of its length and CRC";
                    break;
                }

                Fill(path, file, buffer, ref bufferStart, ref bufferLength, offset, JournalFormat.RecordHeaderBytes, fileLength);
                var at = (int)(offset - bufferStart);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at));
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 4));
                if (length < (uint)minPayload || length > (uint)maxPayload)
                {
                    problem = $"corrupt record at offset {offset}: payload length {length} is outside {minPayload}..{maxPayload} for {header.Kind}";
                    break;
                }

                if (JournalFormat.RecordHeaderBytes + length > remaining)
                {
                    problem = $"torn record at offset {offset}: its {length}-byte payload reaches past the end of the file ({fileLength} bytes)";
                    break;
                }

                Fill(path, file, buffer, ref bufferStart, ref bufferLength, offset, JournalFormat.RecordHeaderBytes + (int)length, fileLength);
                at = (int)(offset - bufferStart);
                var payload = buffer.AsSpan(at + JournalFormat.RecordHeaderBytes, (int)length);
                var actual = JournalCrc.Compute(payload);
                if (actual != crc)
                {
                    problem = $"corrupt record at offset {offset}: CRC32C 0x{actual:x8} of the payload does not match the stored 0x{crc:x8}";
                    break;
                }

                var invalid = book is null ? DecodeTrade(payload, ref trade) : DecodeBook(payload, book);
                if (invalid is not null)
                {
                    problem = $"corrupt record at offset {offset}: {invalid}";
                    break;
                }

                if (book is null) sink.OnTrade(trade);
                else sink.OnBook(book);
                records++;
                offset += JournalFormat.RecordHeaderBytes + length;
            }

            return new JournalReadResult(path, header, records, offset, fileLength, problem is not null, problem);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes a trade payload into <paramref name="trade"/>; returns what is wrong with it, or null.</summary>
    private static string? DecodeTrade(ReadOnlySpan<byte> p, ref Trade trade)
    {
        var idLength = p[34];
        if (idLength > TradeId.MaxLength) return $"trade id length {idLength} is over {TradeId.MaxLength}";
        if (p.Length != JournalFormat.TradeFixedBytes + idLength) return $"a trade with a {idLength}-byte id cannot have a {p.Length}-byte payload";
        if (p[32] > (byte)TakerSide.Sell) return $"unknown taker side 0x{p[32]:x2}";
        trade.ExchangeTimeMicros = BinaryPrimitives.ReadInt64LittleEndian(p);
        trade.ReceiveTimeMicros = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        trade.Price = BinaryPrimitives.ReadDoubleLittleEndian(p[16..]);
        trade.Size = BinaryPrimitives.ReadDoubleLittleEndian(p[24..]);
        trade.Side = (TakerSide)p[32];
        trade.Flags = (TradeFlags)p[33];
        if (idLength == 0) trade.Id = default;
        else if (!TradeId.TryCreate(p.Slice(JournalFormat.TradeFixedBytes, idLength), out trade.Id)) return "the trade id cannot be read";
        return null;
    }

    /// <summary>Decodes a book payload into <paramref name="book"/>; returns what is wrong with it, or null.</summary>
    private static string? DecodeBook(ReadOnlySpan<byte> p, BookSnapshot book)
    {
        var presence = p[16];
        if ((presence & ~JournalFormat.KnownPresenceBits) != 0) return $"unknown presence bits 0x{presence:x2}";
        int bids = BinaryPrimitives.ReadUInt16LittleEndian(p[18..]);
        int asks = BinaryPrimitives.ReadUInt16LittleEndian(p[20..]);
        if (bids > book.Depth || asks > book.Depth) return $"{bids} bids and {asks} asks do not fit depth {book.Depth}";
        var expected = JournalFormat.BookFixedBytes + 8 * System.Numerics.BitOperations.PopCount(presence) + 16 * (bids + asks);
        if (p.Length != expected) return $"a book with {bids} bids and {asks} asks takes {expected} bytes, not {p.Length}";
        book.ExchangeTimeMicros = BinaryPrimitives.ReadInt64LittleEndian(p);
        book.ReceiveTimeMicros = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        book.Flags = (BookFlags)p[17];
        book.BidCount = bids;
        book.AskCount = asks;
        var at = JournalFormat.BookFixedBytes;
        book.TransactionTimeMicros = ReadOptional(p, ref at, presence, JournalFormat.HasTransactionTime);
        book.UpdateId = ReadOptional(p, ref at, presence, JournalFormat.HasUpdateId);
        book.PreviousUpdateId = ReadOptional(p, ref at, presence, JournalFormat.HasPreviousUpdateId);
        book.Sequence = ReadOptional(p, ref at, presence, JournalFormat.HasSequence);
        at = ReadDoubles(p, at, book.BidPrices.AsSpan(0, bids));
        at = ReadDoubles(p, at, book.BidSizes.AsSpan(0, bids));
        at = ReadDoubles(p, at, book.AskPrices.AsSpan(0, asks));
        ReadDoubles(p, at, book.AskSizes.AsSpan(0, asks));
        return null;
    }

    private static long? ReadOptional(ReadOnlySpan<byte> p, ref int at, byte presence, byte bit)
    {
        if ((presence & bit) == 0) return null;
        var value = BinaryPrimitives.ReadInt64LittleEndian(p[at..]);
        at += 8;
        return value;
    }

    private static int ReadDoubles(ReadOnlySpan<byte> p, int at, Span<double> values)
    {
        var bytes = p.Slice(at, 8 * values.Length);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values));
        }
        else
        {
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
        }

        return at + bytes.Length;
    }

    /// <summary>
    /// Makes bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) available in the
    /// buffer, moving what is left to the front and reading as much as fits (the caller checked they are in the file).
    /// </summary>
    private static void Fill(string path, SafeFileHandle file, byte[] buffer, ref long bufferStart, ref int bufferLength, long offset, int count, long fileLength)
    {
        if (offset + count <= bufferStart + bufferLength) return;
        var keep = (int)(bufferStart + bufferLength - offset);
        if (keep > 0) Buffer.BlockCopy(buffer, (int)(offset - bufferStart), buffer, 0, keep);
        else keep = 0;
        bufferStart = offset;
        bufferLength = keep;
        var want = (int)Math.Min(buffer.Length - keep, fileLength - (offset + keep));
        var read = ReadAt(file, buffer.AsSpan(keep, want), offset + keep);
        bufferLength += read;
        if (bufferLength < count) throw new IOException($"{path}: the file shrank while it was read (wanted {count} bytes at offset {offset})");
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the file ends; returns the bytes read.</summary>
    private static int ReadAt(SafeFileHandle file, Span<byte> destination, long offset)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = RandomAccess.Read(file, destination[total..], offset + total);
            if (n == 0) break;
            total += n;
        }

        return total;
    }

    private static SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
