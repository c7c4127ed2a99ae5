using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>Assembles a fixed-width column (bool, int, long, float, double; INT96 as long nanoseconds).</summary>
internal sealed class FixedValueSink<T> : ColumnValueSink
    where T : unmanaged
{
    private readonly T[] _values;
    private readonly bool _int96;
    private T[]? _dictionary;

    public FixedValueSink(ParquetField field, int rows)
        : base(field)
    {
        _values = new T[rows];
        _int96 = field.PhysicalType == PhysicalType.Int96;
    }

    public override void SetDictionary(ReadOnlySpan<byte> data, int count)
    {
        if (typeof(T) == typeof(bool)) ParquetThrow.Unsupported("dictionary page for a BOOLEAN column");
        var dictionary = new T[count];
        DecodePlain(data, dictionary);
        _dictionary = dictionary;
    }

    public override void DecodePage(ParquetEncoding encoding, ReadOnlySpan<byte> data, int nonNull, int firstRow, ReadOnlySpan<int> levels)
    {
        if (levels.IsEmpty || nonNull == levels.Length)
        {
            Decode(encoding, data, _values.AsSpan(firstRow, nonNull));
            return;
        }

        var scratch = ArrayPool<T>.Shared.Rent(Math.Max(nonNull, 1));
        try
        {
            var dense = scratch.AsSpan(0, nonNull);
            Decode(encoding, data, dense);
            var target = _values.AsSpan(firstRow, levels.Length);
            var k = 0;
            for (var i = 0; i < levels.Length; i++)
                if (levels[i] != 0) target[i] = dense[k++];
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    private void Decode(ParquetEncoding encoding, ReadOnlySpan<byte> data, Span<T> output)
    {
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                DecodePlain(data, output);
                break;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                DecodeDictionary(data, output);
                break;
            case ParquetEncoding.Rle when typeof(T) == typeof(bool):
                DecodeRleBooleans(data, MemoryMarshal.Cast<T, bool>(output));
                break;
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(long) && !_int96:
                CheckDeltaCount(DeltaBinaryPackedEncoding.Decode(data, MemoryMarshal.Cast<T, long>(output), out _), output.Length);
                break;
            case ParquetEncoding.DeltaBinaryPacked when typeof(T) == typeof(int):
                CheckDeltaCount(DeltaBinaryPackedEncoding.Decode(data, MemoryMarshal.Cast<T, int>(output), out _), output.Length);
                break;
            case ParquetEncoding.ByteStreamSplit when typeof(T) != typeof(bool) && !_int96:
                DecodeByteStreamSplit(data, output);
                break;
            default:
                ParquetThrow.Unsupported($"encoding {encoding} for {Field.PhysicalType} values");
                break;
        }
    }

    private static void CheckDeltaCount(int decoded, int expected)
    {
        if (decoded != expected) ParquetThrow.Corrupt($"DELTA_BINARY_PACKED block holds {decoded} values, the page has {expected}");
    }

    private void DecodePlain(ReadOnlySpan<byte> data, Span<T> output)
    {
        if (_int96) PlainEncoding.DecodeInt96AsUnixNanos(data, MemoryMarshal.Cast<T, long>(output));
        else if (typeof(T) == typeof(bool)) PlainEncoding.Decode(data, MemoryMarshal.Cast<T, bool>(output));
        else if (typeof(T) == typeof(int)) PlainEncoding.Decode(data, MemoryMarshal.Cast<T, int>(output));
        else if (typeof(T) == typeof(long)) PlainEncoding.Decode(data, MemoryMarshal.Cast<T, long>(output));
        else if (typeof(T) == typeof(float)) PlainEncoding.Decode(data, MemoryMarshal.Cast<T, float>(output));
        else if (typeof(T) == typeof(double)) PlainEncoding.Decode(data, MemoryMarshal.Cast<T, double>(output));
    }

    private void DecodeDictionary(ReadOnlySpan<byte> data, Span<T> output)
    {
        var dictionary = _dictionary;
        var indices = ArrayPool<int>.Shared.Rent(Math.Max(output.Length, 1));
        try
        {
            var span = indices.AsSpan(0, output.Length);
            ReadIndices(data, span, dictionary?.Length ?? -1);
            for (var i = 0; i < span.Length; i++) output[i] = dictionary![span[i]];
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private static void DecodeRleBooleans(ReadOnlySpan<byte> data, Span<bool> output)
    {
        if (data.Length < 4) ParquetThrow.Truncated("RLE boolean length prefix", 4, data.Length);
        var length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4) ParquetThrow.Corrupt($"RLE boolean run length {length} exceeds the page ({data.Length - 4} bytes)");
        var bits = ArrayPool<int>.Shared.Rent(Math.Max(output.Length, 1));
        try
        {
            var span = bits.AsSpan(0, output.Length);
            RleBitPackedHybrid.Decode(data.Slice(4, length), 1, span);
            for (var i = 0; i < span.Length; i++) output[i] = span[i] != 0;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bits);
        }
    }

    private static void DecodeByteStreamSplit(ReadOnlySpan<byte> data, Span<T> output)
    {
        var width = Unsafe.SizeOf<T>();
        var stride = data.Length / width;
        if (stride < output.Length) ParquetThrow.Truncated("BYTE_STREAM_SPLIT values", (long)output.Length * width, data.Length);
        if (stride == output.Length)
        {
            ByteStreamSplitEncoding.Decode(data[..(stride * width)], width, MemoryMarshal.AsBytes(output));
            return;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(stride * width);
        try
        {
            ByteStreamSplitEncoding.Decode(data[..(stride * width)], width, scratch.AsSpan(0, stride * width));
            scratch.AsSpan(0, output.Length * width).CopyTo(MemoryMarshal.AsBytes(output));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public override ColumnData Build(int rows, bool[]? present) => new ColumnData<T>(Field, _values, rows, present);
}
