using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>Chunk writer for fixed-width values (BOOLEAN, INT32, INT64, FLOAT, DOUBLE).</summary>
internal sealed class FixedColumnChunkWriter<T> : ColumnChunkWriter
    where T : unmanaged
{
    private readonly ColumnStatisticsBuilder<T> _statistics;
    private readonly ValueDictionary<T>? _dictionary;
    private T[] _values = [];
    private int[] _indices = [];
    private int _pending;

    public FixedColumnChunkWriter(ParquetField field, ParquetWriterOptions options)
        : base(field, options)
    {
        _statistics = new ColumnStatisticsBuilder<T>(field);
        if (UseDictionary || (Plan.IsAdaptive && Plan.Candidates!.Contains(ParquetEncoding.RleDictionary))) _dictionary = new ValueDictionary<T>();
    }

    protected override long PendingValueBytes => DictionaryActive ? _pending : (long)_pending * Unsafe.SizeOf<T>();

    protected override int DictionaryBytes => _dictionary?.PlainByteSize ?? 0;

    protected override void AppendValues(ColumnData data, int start, int count)
    {
        if (data is not ColumnData<T> typed)
            throw new ArgumentException($"Column '{Field.Name}' takes {typeof(T).Name} values, got {data.GetType().Name}.");
        var source = typed.Values.AsSpan(start, count);
        var present = data.Present;
        if (present is null)
        {
            Buffer(source);
            return;
        }

        // Copy the runs of present values; nulls take no value slot.
        var nulls = 0;
        var i = 0;
        while (i < count)
        {
            if (!present[start + i])
            {
                nulls++;
                i++;
                continue;
            }

            var runStart = i;
            while (i < count && present[start + i]) i++;
            Buffer(source[runStart..i]);
        }

        CountNulls(nulls);
    }

    private void Buffer(ReadOnlySpan<T> values)
    {
        if (values.IsEmpty) return;
        _statistics.Update(values);
        if (DictionaryActive)
        {
            EnsureCapacity(ref _indices, _pending + values.Length);
            var indices = _indices.AsSpan(_pending, values.Length);
            var dictionary = _dictionary!;
            for (var i = 0; i < values.Length; i++) indices[i] = dictionary.GetOrAdd(values[i]);
        }
        else
        {
            EnsureCapacity(ref _values, _pending + values.Length);
            values.CopyTo(_values.AsSpan(_pending));
        }

        _pending += values.Length;
    }

    private void EnsureCapacity<TItem>(ref TItem[] array, int needed)
    {
        if (array.Length >= needed) return;
        var size = Math.Max(needed, Math.Min(Options.MaxRowsPerPage, Math.Max(1024, array.Length * 2)));
        Array.Resize(ref array, size);
    }

    protected override ParquetEncoding EncodePageValues(PooledBufferWriter output)
    {
        var count = _pending;
        _pending = 0;
        if (Undecided && count > 0) Decide(count, output);
        if (DictionaryActive)
        {
            WriteIndices(_indices.AsSpan(0, count), _dictionary!.Count, output);
            return ParquetEncoding.RleDictionary;
        }

        return EncodeWith(FallbackEncoding, _values.AsSpan(0, count), output);
    }

    /// <summary>
    /// Chooses this chunk's encoding from the first page: each candidate encodes and compresses the page (a dictionary
    /// counts its dictionary page too) and the smallest wins; the best non-dictionary candidate becomes the fallback.
    /// When the dictionary wins, the page's indices are already in place.
    /// </summary>
    private void Decide(int count, PooledBufferWriter scratch)
    {
        var values = (ReadOnlySpan<T>)_values.AsSpan(0, count);
        var mark = scratch.Length;
        long bestSize = long.MaxValue, bestPlainSize = long.MaxValue;
        var best = FallbackEncoding;
        var bestOther = FallbackEncoding;
        foreach (var candidate in Plan.Candidates!)
        {
            long size;
            if (candidate == ParquetEncoding.RleDictionary)
            {
                if (_dictionary is null || typeof(T) == typeof(bool)) continue;
                _dictionary.Clear();
                EnsureCapacity(ref _indices, count);
                for (var i = 0; i < count; i++) _indices[i] = _dictionary.GetOrAdd(values[i]);
                if (_dictionary.PlainByteSize > Options.DictionaryPageLimitBytes) continue;
                EncodePlain(_dictionary.Values, scratch);
                size = TrialCompressedSize(scratch.WrittenSpan[mark..]);
                scratch.Truncate(mark);
                WriteIndices(_indices.AsSpan(0, count), _dictionary.Count, scratch);
                size += TrialCompressedSize(scratch.WrittenSpan[mark..]);
            }
            else
            {
                EncodeWith(candidate, values, scratch);
                size = TrialCompressedSize(scratch.WrittenSpan[mark..]);
                if (size < bestPlainSize)
                {
                    bestPlainSize = size;
                    bestOther = candidate;
                }
            }

            scratch.Truncate(mark);
            if (size < bestSize)
            {
                bestSize = size;
                best = candidate;
            }
        }

        Undecided = false;
        FallbackEncoding = bestOther;
        UseDictionary = best == ParquetEncoding.RleDictionary;
        DictionaryActive = UseDictionary;
        if (!UseDictionary) _dictionary?.Clear();
    }

    private void WriteIndices(ReadOnlySpan<int> indices, int dictionaryCount, PooledBufferWriter output) =>
        DictionaryIndexWriter.Write(indices, dictionaryCount, Options.Compression != CompressionCodec.Uncompressed, output);

    private static ParquetEncoding EncodeWith(ParquetEncoding encoding, ReadOnlySpan<T> values, PooledBufferWriter output)
    {
        switch (encoding)
        {
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(long):
                DeltaBinaryPackedEncoding.Encode(MemoryMarshal.Cast<T, long>(values), output);
                return encoding;
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(int):
                DeltaBinaryPackedEncoding.Encode(MemoryMarshal.Cast<T, int>(values), output);
                return encoding;
            case ParquetEncoding.ByteStreamSplit when typeof(T) != typeof(bool):
                var bytes = MemoryMarshal.AsBytes(values);
                ByteStreamSplitEncoding.Encode(bytes, Unsafe.SizeOf<T>(), output.Allocate(bytes.Length));
                return encoding;
            default:
                EncodePlain(values, output);
                return ParquetEncoding.Plain;
        }
    }

    private static void EncodePlain(ReadOnlySpan<T> values, PooledBufferWriter output)
    {
        if (typeof(T) == typeof(bool)) PlainEncoding.Encode(MemoryMarshal.Cast<T, bool>(values), output);
        else if (typeof(T) == typeof(int)) PlainEncoding.Encode(MemoryMarshal.Cast<T, int>(values), output);
        else if (typeof(T) == typeof(long)) PlainEncoding.Encode(MemoryMarshal.Cast<T, long>(values), output);
        else if (typeof(T) == typeof(float)) PlainEncoding.Encode(MemoryMarshal.Cast<T, float>(values), output);
        else if (typeof(T) == typeof(double)) PlainEncoding.Encode(MemoryMarshal.Cast<T, double>(values), output);
        else throw new NotSupportedException(typeof(T).Name);
    }

    protected override int EncodeDictionary(PooledBufferWriter output)
    {
        var dictionary = _dictionary!;
        EncodePlain(dictionary.Values, output);
        return dictionary.Count;
    }

    protected override void ResetValues()
    {
        _pending = 0;
        _dictionary?.Clear();
        _statistics.Reset();
    }

    protected override (byte[]? Min, byte[]? Max) EncodeStatistics() => _statistics.Encode();
}
