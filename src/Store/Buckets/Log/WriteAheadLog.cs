using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Log;

/// <summary>
/// The write-ahead log: a 16-byte header (<c>"ARWL"</c>, format version, checkpoint generation) followed by transaction records
/// (<see cref="TransactionCodec"/>). Appends are serialized; <see cref="WaitDurable"/> implements group commit: the
/// first waiter becomes the leader, optionally waits the commit window so concurrent writers can append, then one
/// fsync covers every record appended so far and wakes everybody it covered. A checkpoint empties the log with
/// <see cref="Reset"/>.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    public const int FileHeaderSize = 16;
    private const uint Magic = 0x4C57_5241; // "ARWL"
    private const uint FormatVersion = 1;

    private readonly SafeFileHandle _handle;
    private readonly object _appendLock = new();
    private readonly object _gate = new();
    private readonly TimeSpan _window;
    private readonly Func<bool> _othersWriting;
    private long _tail;
    private long _appended;
    private long _durable;
    private bool _flushing;
    private Exception? _failure;

    private WriteAheadLog(string path, SafeFileHandle handle, long tail, long generation, TimeSpan window, Func<bool> othersWriting)
    {
        Path = path;
        Generation = generation;
        _handle = handle;
        _tail = tail;
        _window = window;
        _othersWriting = othersWriting;
    }

    public string Path { get; }

    /// <summary>
    /// The checkpoint generation that last emptied the log: its records came after that checkpoint. A bucket meta
    /// with a higher generation was written by a checkpoint that was interrupted before it emptied the log, and
    /// already holds every logged change.
    /// </summary>
    public long Generation { get; private set; }

    /// <summary>Bytes in the log, header included.</summary>
    public long Size => Volatile.Read(ref _tail);

    /// <summary>Whether the log holds any record.</summary>
    public bool HasRecords => Size > FileHeaderSize;

    /// <summary>
    /// Opens (or creates) the log and returns the payloads of its valid records in order. A torn or corrupt tail
    /// (bad length, checksum mismatch) is cut off: <paramref name="droppedBytes"/> tells how much.
    /// </summary>
    public static WriteAheadLog Open(string path, TimeSpan window, Func<bool> othersWriting, out List<byte[]> records, out long droppedBytes)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, FileOptions.None);
        try
        {
            records = [];
            droppedBytes = 0;
            var length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[FileHeaderSize];
            if (length < FileHeaderSize)
            {
                // New (or torn while being created): start empty.
                WriteHeader(handle, 0);
                droppedBytes = length;
                return new WriteAheadLog(path, handle, FileHeaderSize, 0, window, othersWriting);
            }

            ReadExact(handle, path, header, 0);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != FormatVersion)
                throw new StoreException($"{path}: not a store log (bad header); move it away to open the store without it");

            long at = FileHeaderSize;
            Span<byte> recordHeader = stackalloc byte[TransactionCodec.HeaderSize];
            while (at + TransactionCodec.HeaderSize <= length)
            {
                ReadExact(handle, path, recordHeader, at);
                var size = BinaryPrimitives.ReadUInt32LittleEndian(recordHeader);
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(recordHeader[4..]);
                if (size < 4 || size > TransactionCodec.MaxPayload || at + TransactionCodec.HeaderSize + size > length) break;
                var payload = new byte[size];
                ReadExact(handle, path, payload, at + TransactionCodec.HeaderSize);
                if (Crc32C.Compute(payload) != crc) break;
                records.Add(payload);
                at += TransactionCodec.HeaderSize + size;
            }

            if (at < length)
            {
                droppedBytes = length - at;
                RandomAccess.SetLength(handle, at);
                RandomAccess.FlushToDisk(handle);
            }

            return new WriteAheadLog(path, handle, at, BinaryPrimitives.ReadInt64LittleEndian(header[8..]), window, othersWriting);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends one encoded record; returns its sequence number for <see cref="WaitDurable"/>.</summary>
    public long Append(ReadOnlySpan<byte> record)
    {
        lock (_appendLock)
        {
            ThrowIfFailed();
            try
            {
                RandomAccess.Write(_handle, record, _tail);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(e);
                throw new StoreException($"{Path}: cannot append to the log: {e.Message}", e);
            }

            Volatile.Write(ref _tail, _tail + record.Length);
            return ++_appended;
        }
    }

    /// <summary>Returns once record <paramref name="sequence"/> is on disk (sharing fsyncs with concurrent writers).</summary>
    public void WaitDurable(long sequence)
    {
        lock (_gate)
        {
            while (true)
            {
                ThrowIfFailed();
                if (_durable >= sequence) return;
                if (!_flushing)
                {
                    _flushing = true;
                    break;
                }

                Monitor.Wait(_gate);
            }
        }

        try
        {
            if (_window > TimeSpan.Zero && _othersWriting()) Thread.Sleep(_window);
            long target;
            lock (_appendLock) target = _appended;
            RandomAccess.FlushToDisk(_handle);
            lock (_gate)
            {
                _durable = Math.Max(_durable, target);
                _flushing = false;
                Monitor.PulseAll(_gate);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            throw new StoreException($"{Path}: cannot sync the log: {e.Message}", e);
        }
    }

    /// <summary>
    /// Empties the log after checkpoint <paramref name="generation"/> made everything in it durable elsewhere: first
    /// cut (synced), then the new generation in the header (synced), so a crash in between leaves an empty log of the
    /// old generation. No appends may run.
    /// </summary>
    public void Reset(long generation)
    {
        lock (_appendLock)
        {
            RandomAccess.SetLength(_handle, FileHeaderSize);
            RandomAccess.FlushToDisk(_handle);
            WriteHeader(_handle, generation);
            Generation = generation;
            Volatile.Write(ref _tail, FileHeaderSize);
        }
    }

    private static void WriteHeader(SafeFileHandle handle, long generation)
    {
        Span<byte> header = stackalloc byte[FileHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], generation);
        RandomAccess.SetLength(handle, FileHeaderSize);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
    }

    public void Dispose() => _handle.Dispose();

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            _failure ??= e;
            _flushing = false;
            Monitor.PulseAll(_gate);
        }
    }

    private void ThrowIfFailed()
    {
        var failure = Volatile.Read(ref _failure);
        if (failure is not null) throw new StoreException($"{Path}: the log failed earlier ({failure.Message}); reopen the store", failure);
    }

    private static void ReadExact(SafeFileHandle handle, string path, Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0) throw new StoreException($"{path}: unexpected end of file at {offset + done}");
            done += n;
        }
    }
}
