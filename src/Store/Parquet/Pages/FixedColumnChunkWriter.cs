using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.IO;
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
        if (UseDictionary) _dictionary = new ValueDictionary<T>();
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
        if (DictionaryActive)
        {
            var width = RleBitPackedHybrid.BitWidth((ulong)Math.Max(0, _dictionary!.Count - 1));
            output.WriteByte((byte)width);
            RleBitPackedHybrid.Encode(_indices.AsSpan(0, count), width, output);
            return ParquetEncoding.RleDictionary;
        }

        var values = (ReadOnlySpan<T>)_values.AsSpan(0, count);
        var encoding = FallbackEncoding;
        switch (encoding)
        {
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(long):
                DeltaBinaryPackedEncoding.Encode(MemoryMarshal.Cast<T, long>(values), output);
                break;
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(int):
                DeltaBinaryPackedEncoding.Encode(MemoryMarshal.Cast<T, int>(values), output);
                break;
            case ParquetEncoding.ByteStreamSplit when typeof(T) != typeof(bool):
                var bytes = MemoryMarshal.AsBytes(values);
                ByteStreamSplitEncoding.Encode(bytes, Unsafe.SizeOf<T>(), output.Allocate(bytes.Length));
                break;
            default:
                encoding = ParquetEncoding.Plain;
                EncodePlain(values, output);
                break;
        }

        return encoding;
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
