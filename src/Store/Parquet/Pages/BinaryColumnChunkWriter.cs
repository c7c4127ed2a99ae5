using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Chunk writer for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values. Statistics order values as unsigned bytes, which is
/// the defined order for UTF-8 strings and binary; values longer than the statistics limit leave min/max out.
/// </summary>
internal sealed class BinaryColumnChunkWriter : ColumnChunkWriter
{
    private readonly BinaryValueBuilder _values = new(1024, 64 * 1024);
    private readonly BinaryDictionary? _dictionary;
    private readonly bool _fixed;
    private int[] _indices = [];
    private int _pendingIndices;
    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength = -1;
    private int _maxLength = -1;
    private bool _statisticsTooLong;

    public BinaryColumnChunkWriter(ParquetField field, ParquetWriterOptions options)
        : base(field, options)
    {
        _fixed = field.PhysicalType == PhysicalType.FixedLenByteArray;
        if (UseDictionary) _dictionary = new BinaryDictionary();
    }

    protected override long PendingValueBytes => DictionaryActive ? _pendingIndices : _values.ByteLength + (_fixed ? 0 : 4L * _values.Count);

    protected override int DictionaryBytes => _dictionary?.PlainByteSize ?? 0;

    protected override void AppendValues(ColumnData data, int start, int count)
    {
        if (data is not BinaryColumnData binary)
            throw new ArgumentException($"Column '{Field.Name}' takes binary or string values, got {data.GetType().Name}.");
        var values = binary.Values;
        var present = data.Present;
        var nulls = 0;
        for (var row = start; row < start + count; row++)
        {
            if (present is not null && !present[row])
            {
                nulls++;
                continue;
            }

            var value = values[row];
            UpdateStatistics(value);
            if (DictionaryActive)
            {
                if (_indices.Length <= _pendingIndices) Array.Resize(ref _indices, Math.Max(1024, _indices.Length * 2));
                _indices[_pendingIndices++] = _dictionary!.GetOrAdd(value);
            }
            else
            {
                _values.Add(value);
            }
        }

        CountNulls(nulls);
    }

    private void UpdateStatistics(ReadOnlySpan<byte> value)
    {
        if (_statisticsTooLong || !Options.WriteStatistics) return;
        if (value.Length > Options.MaxStatisticsValueBytes)
        {
            _statisticsTooLong = true;
            return;
        }

        if (_minLength < 0 || value.SequenceCompareTo(_min.AsSpan(0, _minLength)) < 0) Keep(ref _min, ref _minLength, value);
        if (_maxLength < 0 || value.SequenceCompareTo(_max.AsSpan(0, _maxLength)) > 0) Keep(ref _max, ref _maxLength, value);
    }

    private static void Keep(ref byte[] buffer, ref int length, ReadOnlySpan<byte> value)
    {
        if (buffer.Length < value.Length) buffer = new byte[Math.Max(value.Length, buffer.Length * 2)];
        value.CopyTo(buffer);
        length = value.Length;
    }

    protected override ParquetEncoding EncodePageValues(PooledBufferWriter output)
    {
        if (DictionaryActive)
        {
            var count = _pendingIndices;
            _pendingIndices = 0;
            DictionaryIndexWriter.Write(_indices.AsSpan(0, count), _dictionary!.Count, Options.Compression != CompressionCodec.Uncompressed, output);
            return ParquetEncoding.RleDictionary;
        }

        var encoding = FallbackEncoding;
        switch (encoding)
        {
            case ParquetEncoding.DeltaLengthByteArray when !_fixed:
                DeltaLengthByteArrayEncoding.Encode(_values.Bytes, _values.Offsets, output);
                break;
            case ParquetEncoding.DeltaByteArray when !_fixed:
                DeltaByteArrayEncoding.Encode(_values.Bytes, _values.Offsets, output);
                break;
            case ParquetEncoding.ByteStreamSplit when _fixed:
                ByteStreamSplitEncoding.Encode(_values.Bytes, Field.TypeLength, output.Allocate(_values.ByteLength));
                break;
            default:
                encoding = ParquetEncoding.Plain;
                if (_fixed) PlainEncoding.EncodeFixed(_values.Bytes, output);
                else PlainEncoding.EncodeByteArrays(_values.Bytes, _values.Offsets, output);
                break;
        }

        _values.Clear();
        return encoding;
    }

    protected override int EncodeDictionary(PooledBufferWriter output)
    {
        var dictionary = _dictionary!;
        if (_fixed)
            for (var i = 0; i < dictionary.Count; i++) output.Write(dictionary[i]);
        else
            dictionary.WritePlain(output);
        return dictionary.Count;
    }

    protected override void ResetValues()
    {
        _values.Clear();
        _pendingIndices = 0;
        _dictionary?.Clear();
        _minLength = -1;
        _maxLength = -1;
        _statisticsTooLong = false;
    }

    protected override (byte[]? Min, byte[]? Max) EncodeStatistics()
    {
        if (_statisticsTooLong || _minLength < 0) return (null, null);
        return (_min.AsSpan(0, _minLength).ToArray(), _max.AsSpan(0, _maxLength).ToArray());
    }
}
