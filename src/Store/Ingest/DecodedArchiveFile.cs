using System.Security.Cryptography;
using Archiver.Store.Archive;
using Archiver.Store.Diagnostics;
using Archiver.Store.Parquet;

namespace Archiver.Store.Ingest;

/// <summary>
/// One archive file read into memory, hashed, decoded into tick rows and put in time order (a sort permutation),
/// ready to be written; the buffers are kept for the next file, so steady-state ingest allocates nothing per row.
/// <see cref="ArchiveIngestor"/> keeps two and loads the next file on another thread while the current one is
/// written. <see cref="Load"/> touches nothing but this object.
/// </summary>
internal sealed class DecodedArchiveFile
{
    private readonly TickRows _trades = new(IngestSchemas.Ticks);
    private readonly TickRows _quotes = new(IngestSchemas.Quotes);
    private byte[] _file = [];
    private int[] _order = [];
    private int _orderLength;
    private long[]? _sortScratch;

    /// <summary>SHA-256 of the file (lower-case hex).</summary>
    public string Hash { get; private set; } = string.Empty;

    /// <summary>Bytes read.</summary>
    public int Length { get; private set; }

    /// <summary>The file has the content its ledger entry names: it was not decoded.</summary>
    public bool SameContent { get; private set; }

    /// <summary>Rows skipped because their receive time lies outside the file's hour.</summary>
    public long Skipped { get; private set; }

    /// <summary>The decoded rows (trades or book tops, by the file's kind).</summary>
    public TickRows Rows { get; private set; }

    /// <summary>Stable time order of <see cref="Rows"/>; empty when they are already in order.</summary>
    public ReadOnlySpan<int> Order => _order.AsSpan(0, _orderLength);

    /// <summary>First and last time of the rows; null when there are none.</summary>
    public NanosRange? Span { get; private set; }

    public DecodedArchiveFile() => Rows = _trades;

    /// <summary>
    /// Reads and hashes <paramref name="file"/>; unless its hash is <paramref name="knownHash"/>, decodes and orders
    /// its rows. Throws for a file that cannot be read or is not a valid archive file of its kind.
    /// </summary>
    public void Load(ArchiveSourceFile file, string? knownHash)
    {
        SameContent = false;
        Skipped = 0;
        Span = null;
        _orderLength = 0;
        var clock = PhaseClock.Start();
        Length = ReadWhole(file.FullPath);
        Hash = Convert.ToHexStringLower(SHA256.HashData(_file.AsSpan(0, Length)));
        clock = PhaseClock.Stop(StorePhase.ReadAndHash, clock);
        if (string.Equals(knownHash, Hash, StringComparison.Ordinal))
        {
            SameContent = true;
            return;
        }

        using (var reader = ParquetFileReader.Open(new ReadOnlyMemory<byte>(_file, 0, Length), file.RelativePath))
        {
            if (file.Key.Kind == ArchiveKind.Trades)
            {
                Rows = _trades;
                Skipped = ArchiveFileDecoder.DecodeTrades(reader, file.Hour, _trades);
            }
            else
            {
                Rows = _quotes;
                Skipped = ArchiveFileDecoder.DecodeBooks(reader, file.Hour, _quotes);
            }
        }

        clock = PhaseClock.Stop(StorePhase.Decode, clock);
        var time = Rows.Time;
        if (time.Length > 0)
        {
            long lo = long.MaxValue, hi = long.MinValue;
            foreach (var t in time)
            {
                if (t < lo) lo = t;
                if (t > hi) hi = t;
            }

            Span = new NanosRange(lo, hi);
        }

        if (!TickOrder.IsSorted(time))
        {
            if (_order.Length < time.Length) _order = new int[Math.Max(time.Length, _order.Length * 2)];
            TickOrder.Sort(time, _order, ref _sortScratch);
            _orderLength = time.Length;
        }

        PhaseClock.Stop(StorePhase.SortMerge, clock);
    }

    /// <summary>Reads the whole file into the reused buffer (one read serves the hash and the Parquet decoder).</summary>
    private int ReadWhole(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > Array.MaxLength) throw new InvalidDataException($"{path} is larger than {Array.MaxLength:N0} bytes");
        if (_file.Length < length) _file = new byte[Math.Max(length, Math.Min(Array.MaxLength, _file.Length * 2L))];
        stream.ReadExactly(_file, 0, (int)length);
        return (int)length;
    }
}
