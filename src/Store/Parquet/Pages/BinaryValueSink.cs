using System.Buffers;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>Assembles a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column; a null row holds an empty value.</summary>
internal sealed class BinaryValueSink : ColumnValueSink
{
    private readonly BinaryValueBuilder _values;
    private readonly bool _fixed;
    private BinaryValueBuilder? _dictionary;
    private BinaryValueBuilder? _scratch;

    public BinaryValueSink(ParquetField field, int rows)
        : base(field)
    {
        _fixed = field.PhysicalType == PhysicalType.FixedLenByteArray;
        _values = new BinaryValueBuilder(rows, Math.Max(256, Math.Min(rows, 1 << 20) * 4));
    }

    public override void SetDictionary(ReadOnlySpan<byte> data, int count)
    {
        var dictionary = new BinaryValueBuilder(count, data.Length);
        DecodePlain(data, count, dictionary);
        _dictionary = dictionary;
    }

    private void DecodePlain(ReadOnlySpan<byte> data, int count, BinaryValueBuilder output)
    {
        if (_fixed) PlainEncoding.DecodeFixed(data, count, Field.TypeLength, output);
        else PlainEncoding.DecodeByteArrays(data, count, output);
    }

    public override void DecodePage(ParquetEncoding encoding, ReadOnlySpan<byte> data, int nonNull, int firstRow, ReadOnlySpan<int> levels)
    {
        if (levels.IsEmpty || nonNull == levels.Length)
        {
            Decode(encoding, data, nonNull, _values);
            return;
        }

        var scratch = _scratch ??= new BinaryValueBuilder(nonNull, 4096);
        scratch.Clear();
        Decode(encoding, data, nonNull, scratch);
        var k = 0;
        foreach (var level in levels)
        {
            if (level != 0) _values.Add(scratch[k++]);
            else _values.Add([]);
        }
    }

    private void Decode(ParquetEncoding encoding, ReadOnlySpan<byte> data, int count, BinaryValueBuilder output)
    {
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                DecodePlain(data, count, output);
                break;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                DecodeDictionary(data, count, output);
                break;
            case ParquetEncoding.DeltaLengthByteArray when !_fixed:
                DeltaLengthByteArrayEncoding.Decode(data, count, output);
                break;
            case ParquetEncoding.DeltaByteArray:
                var before = output.Count;
                DeltaByteArrayEncoding.Decode(data, count, output);
                if (_fixed)
                    for (var i = before; i < output.Count; i++)
                        if (output[i].Length != Field.TypeLength)
                            ParquetThrow.Corrupt($"DELTA_BYTE_ARRAY value of {output[i].Length} bytes in a FIXED_LEN_BYTE_ARRAY({Field.TypeLength}) column");
                break;
            case ParquetEncoding.ByteStreamSplit when _fixed:
                DecodeByteStreamSplit(data, count, output);
                break;
            default:
                ParquetThrow.Unsupported($"encoding {encoding} for {Field.PhysicalType} values");
                break;
        }
    }

    private void DecodeDictionary(ReadOnlySpan<byte> data, int count, BinaryValueBuilder output)
    {
        var dictionary = _dictionary;
        var indices = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var span = indices.AsSpan(0, count);
            ReadIndices(data, span, dictionary?.Count ?? -1);
            foreach (var index in span) output.Add(dictionary![index]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private void DecodeByteStreamSplit(ReadOnlySpan<byte> data, int count, BinaryValueBuilder output)
    {
        var width = Field.TypeLength;
        var stride = data.Length / width;
        if (stride < count) ParquetThrow.Truncated("BYTE_STREAM_SPLIT values", (long)count * width, data.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(stride * width, 1));
        try
        {
            ByteStreamSplitEncoding.Decode(data[..(stride * width)], width, scratch.AsSpan(0, stride * width));
            for (var i = 0; i < count; i++) output.Add(scratch.AsSpan(i * width, width));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public override ColumnData Build(int rows, bool[]? present)
    {
        if (_values.Count != rows) ParquetThrow.Corrupt($"column chunk produced {_values.Count} values for {rows} rows");
        return new BinaryColumnData(Field, _values.Detach(), present);
    }
}
