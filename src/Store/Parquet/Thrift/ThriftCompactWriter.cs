using System.Buffers.Binary;
using System.Text;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Thrift;

/// <summary>
/// Encoder for the thrift compact protocol into a <see cref="PooledBufferWriter"/>: field-id deltas in the header
/// nibble (long form otherwise), booleans in the field type, zigzag varints for integers, short and long list
/// headers. Holds no buffer of its own, so one instance can be reused for any number of messages via
/// <see cref="Reset"/>.
/// </summary>
internal sealed class ThriftCompactWriter
{
    // Element-type code of a boolean in list, set and map headers.
    private const byte BoolElementCode = 2;

    private PooledBufferWriter? _output;
    private int _depth;
    private short _lastFieldId;
    private ThriftFieldIdStack _outerFieldIds;

    public ThriftCompactWriter(PooledBufferWriter? output = null)
    {
        _output = output;
    }

    /// <summary>Bytes written so far to the current output.</summary>
    public int Length => Output.Length;

    private PooledBufferWriter Output => _output ?? throw new InvalidOperationException("The writer has no output.");

    /// <summary>Targets another output (or none) and forgets any unfinished struct.</summary>
    public void Reset(PooledBufferWriter? output)
    {
        _output = output;
        _depth = 0;
        _lastFieldId = 0;
    }

    public void WriteStructBegin()
    {
        if (_depth >= ParquetLimits.MaxThriftDepth)
            throw new InvalidOperationException($"Thrift structs nested deeper than {ParquetLimits.MaxThriftDepth}.");
        _outerFieldIds[_depth] = _lastFieldId;
        _depth++;
        _lastFieldId = 0;
    }

    /// <summary>Writes the stop byte and returns to the enclosing struct.</summary>
    public void WriteStructEnd()
    {
        if (_depth == 0) throw new InvalidOperationException("WriteStructEnd without a matching WriteStructBegin.");
        Output.WriteByte(0);
        _depth--;
        _lastFieldId = _outerFieldIds[_depth];
    }

    /// <summary>Header of a field whose value follows (any type but <see cref="ThriftType.Bool"/>).</summary>
    public void WriteFieldHeader(short fieldId, ThriftType type)
    {
        if (type is ThriftType.Bool or ThriftType.Stop)
            throw new ArgumentException("Use WriteBoolField for booleans and WriteStructEnd for the stop byte.", nameof(type));
        WriteHeader(fieldId, (byte)type);
    }

    public void WriteBoolField(short fieldId, bool value) => WriteHeader(fieldId, value ? (byte)1 : (byte)2);

    public void WriteI8Field(short fieldId, sbyte value)
    {
        WriteHeader(fieldId, (byte)ThriftType.I8);
        WriteI8(value);
    }

    public void WriteI16Field(short fieldId, short value)
    {
        WriteHeader(fieldId, (byte)ThriftType.I16);
        WriteI16(value);
    }

    public void WriteI32Field(short fieldId, int value)
    {
        WriteHeader(fieldId, (byte)ThriftType.I32);
        WriteI32(value);
    }

    public void WriteI64Field(short fieldId, long value)
    {
        WriteHeader(fieldId, (byte)ThriftType.I64);
        WriteI64(value);
    }

    public void WriteDoubleField(short fieldId, double value)
    {
        WriteHeader(fieldId, (byte)ThriftType.Double);
        WriteDouble(value);
    }

    public void WriteBinaryField(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteHeader(fieldId, (byte)ThriftType.Binary);
        WriteBinary(value);
    }

    public void WriteStringField(short fieldId, string value)
    {
        WriteHeader(fieldId, (byte)ThriftType.Binary);
        WriteString(value);
    }

    /// <summary>Header of a list field followed by the list header; the caller then writes the elements.</summary>
    public void WriteListFieldBegin(short fieldId, ThriftType elementType, int count)
    {
        WriteHeader(fieldId, (byte)ThriftType.List);
        WriteListHeader(elementType, count);
    }

    /// <summary>A field holding an empty struct (as used by parquet's marker structs and unions).</summary>
    public void WriteEmptyStructField(short fieldId)
    {
        WriteHeader(fieldId, (byte)ThriftType.Struct);
        Output.WriteByte(0);
    }

    public void WriteListHeader(ThriftType elementType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var code = ElementCode(elementType);
        if (count < 15)
        {
            Output.WriteByte((byte)((count << 4) | code));
        }
        else
        {
            Output.WriteByte((byte)(0xF0 | code));
            Output.WriteVarUInt64((uint)count);
        }
    }

    public void WriteSetHeader(ThriftType elementType, int count) => WriteListHeader(elementType, count);

    public void WriteMapHeader(ThriftType keyType, ThriftType valueType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Output.WriteVarUInt64((uint)count);
        if (count > 0) Output.WriteByte((byte)((ElementCode(keyType) << 4) | ElementCode(valueType)));
    }

    /// <summary>A boolean as a list, set or map element (one byte: 1 true, 0 false).</summary>
    public void WriteBool(bool value) => Output.WriteByte(value ? (byte)1 : (byte)0);

    public void WriteI8(sbyte value) => Output.WriteByte((byte)value);

    public void WriteI16(short value) => Output.WriteVarInt64(value);

    public void WriteI32(int value) => Output.WriteVarInt64(value);

    public void WriteI64(long value) => Output.WriteVarInt64(value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Output.Allocate(8), value);

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        var output = Output;
        output.WriteVarUInt64((uint)value.Length);
        output.Write(value);
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var output = Output;
        var length = Encoding.UTF8.GetByteCount(value);
        output.WriteVarUInt64((uint)length);
        if (length > 0) Encoding.UTF8.GetBytes(value, output.Allocate(length));
    }

    private void WriteHeader(short fieldId, byte typeCode)
    {
        var output = Output;
        var delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            output.WriteByte((byte)((delta << 4) | typeCode));
        }
        else
        {
            output.WriteByte(typeCode);
            output.WriteVarInt64(fieldId);
        }

        _lastFieldId = fieldId;
    }

    private static byte ElementCode(ThriftType type) => type switch
    {
        ThriftType.Bool => BoolElementCode,
        ThriftType.Stop => throw new ArgumentException("Stop is not an element type.", nameof(type)),
        _ => (byte)type,
    };
}
