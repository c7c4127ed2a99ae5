using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Archiver.Store.Parquet.Thrift;

/// <summary>
/// Decoder for the thrift compact protocol over a span. It never reads past the span, bounds every varint, checks
/// every length and element count against the bytes that remain before anything is allocated, and limits nesting to
/// <see cref="ParquetLimits.MaxThriftDepth"/>; all malformed input ends in a <see cref="ParquetFormatException"/>
/// that names the byte position. It allocates nothing itself: only the byte arrays and strings it returns.
/// </summary>
/// <remarks>
/// Usage: <see cref="ReadStructBegin"/>, then <see cref="ReadFieldHeader"/> until it returns false, reading or
/// <see cref="Skip"/>ping each value, then <see cref="ReadStructEnd"/>.
/// </remarks>
internal ref struct ThriftCompactReader
{
    private readonly ReadOnlySpan<byte> _input;
    private int _position;
    private int _depth;
    private short _lastFieldId;
    private bool _hasFieldBool;
    private bool _fieldBool;
    private ThriftFieldIdStack _outerFieldIds;

    public ThriftCompactReader(ReadOnlySpan<byte> input)
    {
        _input = input;
    }

    /// <summary>Bytes consumed so far from the start of the input.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _input.Length - _position;

    /// <summary>Current nesting depth (structs and containers being read).</summary>
    public readonly int Depth => _depth;

    /// <summary>Enters a struct: field-id deltas restart from zero.</summary>
    public void ReadStructBegin()
    {
        if (_depth >= ParquetLimits.MaxThriftDepth) ThriftThrow.TooDeep(_position);
        _outerFieldIds[_depth] = _lastFieldId;
        _depth++;
        _lastFieldId = 0;
        _hasFieldBool = false;
    }

    /// <summary>Leaves a struct (after <see cref="ReadFieldHeader"/> returned false).</summary>
    public void ReadStructEnd()
    {
        if (_depth == 0) throw new InvalidOperationException("ReadStructEnd without a matching ReadStructBegin.");
        _depth--;
        _lastFieldId = _outerFieldIds[_depth];
        _hasFieldBool = false;
    }

    /// <summary>
    /// Reads the next field header of the current struct. Returns false at the stop byte. A boolean field's value
    /// travels in its header; read it with <see cref="ReadBool"/> (or <see cref="Skip"/> it) as with other types.
    /// </summary>
    public bool ReadFieldHeader(out short fieldId, out ThriftType type)
    {
        var start = _position;
        var header = ReadByte("field header");
        _hasFieldBool = false;
        if (header == 0)
        {
            fieldId = 0;
            type = ThriftType.Stop;
            return false;
        }

        var code = header & 0x0F;
        switch (code)
        {
            case 1:
            case 2:
                type = ThriftType.Bool;
                _hasFieldBool = true;
                _fieldBool = code == 1;
                break;
            case >= 3 and <= 13:
                type = (ThriftType)code;
                break;
            default:
                type = ThriftThrow.Corrupt<ThriftType>($"invalid field type {code}", start);
                break;
        }

        var delta = header >> 4;
        int id;
        if (delta != 0)
        {
            id = _lastFieldId + delta;
            if (id > short.MaxValue) ThriftThrow.Corrupt($"field id {id} out of range", start);
        }
        else
        {
            id = ReadI16();
        }

        _lastFieldId = (short)id;
        fieldId = (short)id;
        return true;
    }

    /// <summary>A boolean: the value carried by the last field header, or one byte as a container element.</summary>
    public bool ReadBool()
    {
        if (_hasFieldBool)
        {
            _hasFieldBool = false;
            return _fieldBool;
        }

        var start = _position;
        return ReadByte("bool") switch
        {
            1 => true,
            0 or 2 => false,
            var b => ThriftThrow.Corrupt<bool>($"invalid bool element byte {b}", start),
        };
    }

    public sbyte ReadI8() => (sbyte)ReadByte("i8");

    public short ReadI16()
    {
        var start = _position;
        var value = ZigZag32(ReadVarUInt32("i16"));
        if (value is < short.MinValue or > short.MaxValue) ThriftThrow.Corrupt($"i16 value {value} out of range", start);
        return (short)value;
    }

    public int ReadI32() => ZigZag32(ReadVarUInt32("i32"));

    public long ReadI64()
    {
        var raw = ReadVarUInt64("i64");
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public double ReadDouble()
    {
        var bytes = Take(8, "double");
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>Length-prefixed bytes as a slice of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var start = _position;
        var length = ReadVarUInt32("binary length");
        if (length > (uint)Remaining) ThriftThrow.Truncated("binary value", start, length, Remaining);
        var slice = _input.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Length-prefixed bytes, copied.</summary>
    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    /// <summary>Length-prefixed UTF-8 text (invalid sequences become U+FFFD).</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadBinarySpan());

    /// <summary>
    /// Reads a list header and returns its element count, already checked to fit in the remaining bytes.
    /// </summary>
    public int ReadListHeader(out ThriftType elementType) => ReadCollectionHeader(out elementType);

    /// <summary>Reads a set header (same layout as a list).</summary>
    public int ReadSetHeader(out ThriftType elementType) => ReadCollectionHeader(out elementType);

    /// <summary>
    /// Reads a map header and returns its pair count, already checked to fit in the remaining bytes. An empty map
    /// reports <see cref="ThriftType.Stop"/> for both types.
    /// </summary>
    public int ReadMapHeader(out ThriftType keyType, out ThriftType valueType)
    {
        var start = _position;
        var count = ReadVarUInt32("map size");
        if (count == 0)
        {
            keyType = ThriftType.Stop;
            valueType = ThriftType.Stop;
            return 0;
        }

        if (count > int.MaxValue) ThriftThrow.Corrupt($"map size {count} out of range", start);
        var types = ReadByte("map types");
        keyType = ElementType(types >> 4, start);
        valueType = ElementType(types & 0x0F, start);
        var needed = (long)count * (MinimumBytes(keyType) + MinimumBytes(valueType));
        if (needed > Remaining) ThriftThrow.Truncated($"map of {count} entries", start, needed, Remaining);
        return (int)count;
    }

    /// <summary>Skips one value of any type, including nested structs, lists, sets and maps.</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.Bool:
                ReadBool();
                break;
            case ThriftType.I8:
                ReadByte("i8");
                break;
            case ThriftType.I16:
                ReadI16();
                break;
            case ThriftType.I32:
                ReadVarUInt32("i32");
                break;
            case ThriftType.I64:
                ReadVarUInt64("i64");
                break;
            case ThriftType.Double:
                Take(8, "double");
                break;
            case ThriftType.Binary:
                ReadBinarySpan();
                break;
            case ThriftType.Uuid:
                Take(16, "uuid");
                break;
            case ThriftType.List:
            case ThriftType.Set:
                SkipList(ReadCollectionHeader(out var element), element);
                break;
            case ThriftType.Map:
                SkipMap(ReadMapHeader(out var key, out var value), key, value);
                break;
            case ThriftType.Struct:
                ReadStructBegin();
                while (ReadFieldHeader(out _, out var fieldType)) Skip(fieldType);
                ReadStructEnd();
                break;
            default:
                ThriftThrow.Corrupt($"cannot skip a value of type {(int)type}", _position);
                break;
        }
    }

    private void SkipList(int count, ThriftType element)
    {
        EnterContainer();
        for (var i = 0; i < count; i++) Skip(element);
        ExitContainer();
    }

    private void SkipMap(int count, ThriftType key, ThriftType value)
    {
        EnterContainer();
        for (var i = 0; i < count; i++)
        {
            Skip(key);
            Skip(value);
        }

        ExitContainer();
    }

    // Lists and sets share one layout; messages call both "list".
    private int ReadCollectionHeader(out ThriftType elementType)
    {
        var start = _position;
        var header = ReadByte("list header");
        elementType = ElementType(header & 0x0F, start);
        long count = header >> 4;
        if (count == 15)
        {
            count = ReadVarUInt32("list size");
            if (count > int.MaxValue) ThriftThrow.Corrupt($"list size {count} out of range", start);
        }

        var needed = count * MinimumBytes(elementType);
        if (needed > Remaining) ThriftThrow.Truncated($"list of {count} elements", start, needed, Remaining);
        return (int)count;
    }

    private void EnterContainer()
    {
        if (_depth >= ParquetLimits.MaxThriftDepth) ThriftThrow.TooDeep(_position);
        _depth++;
    }

    private void ExitContainer() => _depth--;

    private static ThriftType ElementType(int code, int position) => code switch
    {
        1 or 2 => ThriftType.Bool,
        >= 3 and <= 13 => (ThriftType)code,
        _ => ThriftThrow.Corrupt<ThriftType>($"invalid element type {code}", position),
    };

    // The fewest bytes one element of the type can occupy on the wire.
    private static int MinimumBytes(ThriftType type) => type switch
    {
        ThriftType.Double => 8,
        ThriftType.Uuid => 16,
        _ => 1,
    };

    private static int ZigZag32(uint raw) => (int)(raw >> 1) ^ -(int)(raw & 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadByte(string what)
    {
        if ((uint)_position >= (uint)_input.Length) ThriftThrow.Truncated(what, _position, 1, 0);
        return _input[_position++];
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining) ThriftThrow.Truncated(what, _position, count, Remaining);
        var slice = _input.Slice(_position, count);
        _position += count;
        return slice;
    }

    private uint ReadVarUInt32(string what)
    {
        var start = _position;
        uint result = 0;
        for (var i = 0; i < 5; i++)
        {
            if (_position >= _input.Length) ThriftThrow.Truncated($"{what} varint", start, _position - start + 1, 0);
            var b = _input[_position++];
            if (i == 4 && b > 0x0F) ThriftThrow.Corrupt($"{what} varint longer than 32 bits", start);
            result |= (uint)(b & 0x7F) << (7 * i);
            if (b < 0x80) return result;
        }

        return ThriftThrow.Corrupt<uint>($"{what} varint longer than 32 bits", start);
    }

    private ulong ReadVarUInt64(string what)
    {
        var start = _position;
        ulong result = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _input.Length) ThriftThrow.Truncated($"{what} varint", start, _position - start + 1, 0);
            var b = _input[_position++];
            if (i == 9 && b > 0x01) ThriftThrow.Corrupt($"{what} varint longer than 64 bits", start);
            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80) return result;
        }

        return ThriftThrow.Corrupt<ulong>($"{what} varint longer than 64 bits", start);
    }
}
