using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Archiver.Feeds.Model;
using Archiver.Store.Parquet.IO;
using Microsoft.Win32.SafeHandles;

namespace Archiver.Cli.Journal;

/// <summary>
/// Appends the records of one stream and hour to a new journal segment file (see <c>README.md</c>). Records are encoded
/// into a pooled in-memory buffer (no allocation per record) and reach the file on <see cref="Flush"/>; a durable flush
/// also fsyncs the file (and, the first time, its directory).
/// </summary>
/// <remarks>
/// Thread-safety: appends may come from any thread (they are serialized) while another thread flushes; a flush only
/// holds the append lock to swap two buffers, so appends never wait for a disk write or an fsync unless the buffer
/// grows past <see cref="SpillBytes"/> between flushes, when the appending thread writes it out itself (without fsync).
/// </remarks>
public sealed class JournalSegmentWriter : IDisposable
{
    /// <summary>Buffered bytes at which an append writes the buffer to the file (not durably) to bound memory.</summary>
    public const int SpillBytes = 1 << 20;

    private const int InitialBufferBytes = 64 * 1024;

    private readonly Lock _appendLock = new();
    private readonly Lock _flushLock = new();
    private readonly SafeFileHandle _file;
    private readonly int _depth;
    private PooledBufferWriter _active;
    private PooledBufferWriter _standby;
    private long _activeRecords;
    private long _standbyRecords;
    private long _records;
    private long _bytes;
    private long _fileLength;
    private long _writtenRecords;
    private long _durableRecords;
    private bool _durableOnce;
    private bool _closed;
    private bool _disposed;

    private JournalSegmentWriter(string path, JournalSegmentHeader header, SafeFileHandle file, int headerLength)
    {
        Path = path;
        Header = header;
        _file = file;
        _depth = header.Depth;
        _fileLength = headerLength;
        _bytes = headerLength;
        _active = new PooledBufferWriter(InitialBufferBytes);
        _standby = new PooledBufferWriter(InitialBufferBytes);
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    public JournalSegmentHeader Header { get; }

    /// <summary>Records appended.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Bytes appended, including the header (the file's length once everything is flushed).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Records known to be on disk (fsynced).</summary>
    public long DurableRecords => Interlocked.Read(ref _durableRecords);

    /// <summary>Whether some appended records are not yet durable.</summary>
    public bool IsDirty => Records != DurableRecords;

    /// <summary>
    /// Creates the segment file (it must not exist), writes the header to it (not yet durably) and returns its writer.
    /// </summary>
    /// <exception cref="ArgumentException">The header cannot be written (unknown exchange, bad symbol, depth or hour).</exception>
    /// <exception cref="IOException">The file exists or cannot be created or written.</exception>
    public static JournalSegmentWriter Create(string path, JournalSegmentHeader header)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var symbol = JournalFormat.EncodeSymbol(header);
        Span<byte> bytes = stackalloc byte[JournalFormat.HeaderLength(JournalFormat.MaxSymbolBytes)];
        var length = JournalFormat.WriteHeader(header, symbol, bytes);
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        try
        {
            RandomAccess.Write(file, bytes[..length], 0);
        }
        catch
        {
            file.Dispose();
            TryDelete(path);
            throw;
        }

        return new JournalSegmentWriter(path, header, file, length);
    }

    /// <summary>Appends a trade; returns the bytes it takes in the journal.</summary>
    /// <exception cref="InvalidOperationException">This is a book segment.</exception>
    /// <exception cref="ObjectDisposedException">The writer was closed.</exception>
    public int Append(in Trade trade)
    {
        if (!TryAppend(trade, out var bytes)) throw new ObjectDisposedException(nameof(JournalSegmentWriter), $"{Path} is closed.");
        return bytes;
    }

    /// <summary>
    /// Appends a book snapshot (copied now: the caller may reuse it); levels beyond the segment's depth are left out.
    /// Returns the bytes it takes in the journal.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is a trade segment.</exception>
    /// <exception cref="ObjectDisposedException">The writer was closed.</exception>
    public int Append(BookSnapshot book)
    {
        if (!TryAppend(book, out var bytes)) throw new ObjectDisposedException(nameof(JournalSegmentWriter), $"{Path} is closed.");
        return bytes;
    }

    /// <summary>
    /// Writes what was appended to the file and, when <paramref name="durable"/>, fsyncs it. Returns how many records
    /// became durable by this call (0 when not durable).
    /// </summary>
    /// <exception cref="IOException">Writing or syncing failed; the records stay buffered and a later flush retries them.</exception>
    /// <exception cref="ObjectDisposedException">The writer was closed.</exception>
    public long Flush(bool durable)
    {
        lock (_flushLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return FlushLocked(durable);
        }
    }

    /// <summary>Flushes durably and closes the file.</summary>
    public void Dispose() => Close();

    /// <summary>Appends unless the writer is closed.</summary>
    internal bool TryAppend(in Trade trade, out int bytes)
    {
        if (Header.Kind != StreamKind.Trades) throw new InvalidOperationException($"{Path} is a book segment; it cannot take trades.");
        var id = trade.Id;
        var idBytes = id.Utf8;
        var payload = JournalFormat.TradeFixedBytes + idBytes.Length;
        bytes = JournalFormat.RecordHeaderBytes + payload;
        bool spill;
        lock (_appendLock)
        {
            if (_closed) return false;
            var record = _active.Allocate(bytes);
            var p = record[JournalFormat.RecordHeaderBytes..];
            BinaryPrimitives.WriteInt64LittleEndian(p, trade.ExchangeTimeMicros);
            BinaryPrimitives.WriteInt64LittleEndian(p[8..], trade.ReceiveTimeMicros);
            BinaryPrimitives.WriteDoubleLittleEndian(p[16..], trade.Price);
            BinaryPrimitives.WriteDoubleLittleEndian(p[24..], trade.Size);
            p[32] = (byte)trade.Side;
            p[33] = (byte)trade.Flags;
            p[34] = (byte)idBytes.Length;
            idBytes.CopyTo(p[JournalFormat.TradeFixedBytes..]);
            Frame(record);
            spill = _active.Length >= SpillBytes;
        }

        if (spill) Spill();
        return true;
    }

    /// <summary>Appends unless the writer is closed.</summary>
    internal bool TryAppend(BookSnapshot book, out int bytes)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (Header.Kind != StreamKind.Book) throw new InvalidOperationException($"{Path} is a trade segment; it cannot take books.");
        var bids = Math.Clamp(book.BidCount, 0, Math.Min(_depth, book.Depth));
        var asks = Math.Clamp(book.AskCount, 0, Math.Min(_depth, book.Depth));
        byte presence = 0;
        if (book.TransactionTimeMicros.HasValue) presence |= JournalFormat.HasTransactionTime;
        if (book.UpdateId.HasValue) presence |= JournalFormat.HasUpdateId;
        if (book.PreviousUpdateId.HasValue) presence |= JournalFormat.HasPreviousUpdateId;
        if (book.Sequence.HasValue) presence |= JournalFormat.HasSequence;
        var payload = JournalFormat.BookFixedBytes + 8 * System.Numerics.BitOperations.PopCount(presence) + 16 * (bids + asks);
        bytes = JournalFormat.RecordHeaderBytes + payload;
        bool spill;
        lock (_appendLock)
        {
            if (_closed) return false;
            var record = _active.Allocate(bytes);
            var p = record[JournalFormat.RecordHeaderBytes..];
            BinaryPrimitives.WriteInt64LittleEndian(p, book.ExchangeTimeMicros);
            BinaryPrimitives.WriteInt64LittleEndian(p[8..], book.ReceiveTimeMicros);
            p[16] = presence;
            p[17] = (byte)book.Flags;
            BinaryPrimitives.WriteUInt16LittleEndian(p[18..], (ushort)bids);
            BinaryPrimitives.WriteUInt16LittleEndian(p[20..], (ushort)asks);
            var at = JournalFormat.BookFixedBytes;
            if (book.TransactionTimeMicros is { } t) at = WriteInt64(p, at, t);
            if (book.UpdateId is { } u) at = WriteInt64(p, at, u);
            if (book.PreviousUpdateId is { } pu) at = WriteInt64(p, at, pu);
            if (book.Sequence is { } s) at = WriteInt64(p, at, s);
            at = WriteDoubles(p, at, book.BidPrices.AsSpan(0, bids));
            at = WriteDoubles(p, at, book.BidSizes.AsSpan(0, bids));
            at = WriteDoubles(p, at, book.AskPrices.AsSpan(0, asks));
            WriteDoubles(p, at, book.AskSizes.AsSpan(0, asks));
            Frame(record);
            spill = _active.Length >= SpillBytes;
        }

        if (spill) Spill();
        return true;
    }

    /// <summary>
    /// Refuses further appends, flushes durably and closes the file; returns the records that became durable.
    /// Idempotent; when the flush fails the file stays open and a later call retries it.
    /// </summary>
    internal long Close()
    {
        lock (_flushLock)
        {
            if (_disposed) return 0;
            lock (_appendLock) _closed = true;
            var durable = FlushLocked(durable: true);
            _disposed = true;
            _file.Dispose();
            _active.Dispose();
            _standby.Dispose();
            return durable;
        }
    }

    /// <summary>Flushes unless the writer is closed; returns the records made durable.</summary>
    internal long FlushIfOpen(bool durable)
    {
        lock (_flushLock)
        {
            return _disposed ? 0 : FlushLocked(durable);
        }
    }

    /// <summary>
    /// First half of a group commit over many segments: writes the buffered records to the file without syncing and
    /// returns how many records the file holds. After one file-system sync, <see cref="MarkDurable"/> confirms them.
    /// </summary>
    internal long WriteOut()
    {
        lock (_flushLock)
        {
            if (_disposed) return -1;
            FlushLocked(durable: false);
            return _writtenRecords;
        }
    }

    /// <summary>Second half of a group commit: the first <paramref name="written"/> records are on disk now.</summary>
    internal long MarkDurable(long written)
    {
        lock (_flushLock)
        {
            if (written <= _durableRecords) return 0;
            var newly = written - _durableRecords;
            Interlocked.Exchange(ref _durableRecords, written);
            _durableOnce = true; // the file system sync also made the file's directory entry durable
            return newly;
        }
    }

    private long FlushLocked(bool durable)
    {
        // A standby buffer left by a failed write goes first, then whatever was appended since.
        WriteStandby();
        lock (_appendLock)
        {
            (_active, _standby) = (_standby, _active);
            _standbyRecords = _activeRecords;
            _activeRecords = 0;
        }

        WriteStandby();
        if (!durable || (_durableOnce && _durableRecords == _writtenRecords)) return 0;
        var written = _writtenRecords;
        try
        {
            RandomAccess.FlushToDisk(_file);
        }
        catch (IOException e)
        {
            throw new IOException($"{Path}: fsync failed: {e.Message}", e);
        }

        if (!_durableOnce)
        {
            // The file's directory entry must survive a power loss too.
            DirectorySync.Fsync(System.IO.Path.GetDirectoryName(Path)!);
            _durableOnce = true;
        }

        var newly = written - _durableRecords;
        Interlocked.Exchange(ref _durableRecords, written);
        return newly;
    }

    private void WriteStandby()
    {
        if (_standby.Length == 0) return;
        try
        {
            RandomAccess.Write(_file, _standby.WrittenSpan, _fileLength);
        }
        catch (IOException e)
        {
            throw new IOException($"{Path}: writing {_standby.Length} bytes at offset {_fileLength} failed: {e.Message}", e);
        }

        _fileLength += _standby.Length;
        _writtenRecords += _standbyRecords;
        _standbyRecords = 0;
        _standby.Clear();
    }

    private void Spill()
    {
        lock (_flushLock)
        {
            if (!_disposed) FlushLocked(durable: false);
        }
    }

    /// <summary>Fills in the length and CRC of a record whose payload is written; counts it (append lock held).</summary>
    private void Frame(Span<byte> record)
    {
        var payload = record[JournalFormat.RecordHeaderBytes..];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], JournalCrc.Compute(payload));
        _activeRecords++;
        Interlocked.Increment(ref _records);
        Interlocked.Add(ref _bytes, record.Length);
    }

    private static int WriteInt64(Span<byte> p, int at, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(p[at..], value);
        return at + 8;
    }

    private static int WriteDoubles(Span<byte> p, int at, ReadOnlySpan<double> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(p[at..]);
        }
        else
        {
            for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(p[(at + 8 * i)..], values[i]);
        }

        return at + 8 * values.Length;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
